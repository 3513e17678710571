-- oVirt's cluster resilience policy: which running VMs leave a host that went NonOperational
-- (migrate: all, migrate_highly_available: the highly available ones, do_not_migrate: none).
alter table cluster add column resilience_policy text not null default 'migrate'
    check (resilience_policy in ('migrate', 'migrate_highly_available', 'do_not_migrate'));
