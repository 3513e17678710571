-- The host a VM is live-migrating to, while it is MigratingFrom its host_id: the scheduler counts
-- the VM on both hosts, and reconciliation knows the copy on the target is expected.
ALTER TABLE vm ADD COLUMN migrating_to uuid REFERENCES host(id) ON DELETE SET NULL;
CREATE INDEX vm_migrating_to ON vm(migrating_to) WHERE migrating_to IS NOT NULL;
