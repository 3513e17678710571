-- A cluster's own migration defaults (issue 4): each column null means "the manager's setting"
-- (flotilla.migration.*); a call to /migrate overrides both.
create table cluster_migration_defaults (
    cluster_id       uuid primary key references cluster(id) on delete cascade,
    max_downtime_ms  integer,
    bandwidth_mibps  integer,
    auto_converge    boolean,
    post_copy        boolean
);
