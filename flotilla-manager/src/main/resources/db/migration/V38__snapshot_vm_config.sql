-- The VM's configuration as it was when a snapshot was taken (oVirt keeps an OVF per snapshot):
-- a clone from the snapshot is made with it, and a restore (or a committed preview) gives it back
-- to the VM. Null for snapshots taken before this column existed: those use the VM's current one.
ALTER TABLE snapshot
    ADD COLUMN vm_cpus         int,
    ADD COLUMN vm_memory_mib   bigint,
    ADD COLUMN vm_boot_kernel  varchar(1024),
    ADD COLUMN vm_boot_initrd  varchar(1024),
    ADD COLUMN vm_boot_cmdline varchar(4096);
