CREATE TABLE datacenter (
    id          uuid PRIMARY KEY,
    name        varchar(64) NOT NULL UNIQUE,
    description varchar(1024) NOT NULL DEFAULT '',
    version     bigint NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cluster (
    id                        uuid PRIMARY KEY,
    datacenter_id             uuid NOT NULL REFERENCES datacenter(id),
    name                      varchar(64) NOT NULL UNIQUE,
    description               varchar(1024) NOT NULL DEFAULT '',
    memory_overcommit_percent int NOT NULL DEFAULT 100,
    cpu_overcommit_percent    int NOT NULL DEFAULT 400,
    version                   bigint NOT NULL DEFAULT 0,
    created_at                timestamptz NOT NULL DEFAULT now()
);
