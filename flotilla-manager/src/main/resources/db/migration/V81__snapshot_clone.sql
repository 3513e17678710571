-- A VM being cloned from a snapshot, from the transaction that makes it and its disk rows (Locked,
-- being made) until the one that attaches the copied disks: what a manager that stopped mid-clone
-- removes at its next start (dev.flotilla.manager.snapshot.CloneRecovery), as a failed copy does,
-- instead of leaving a VM without disks and disks Locked for ever. disk_ids has no foreign key:
-- the rows of the disks go with the clone, in the same transaction.
CREATE TABLE snapshot_clone (
    vm_id    uuid PRIMARY KEY REFERENCES vm(id) ON DELETE CASCADE,
    disk_ids uuid[] NOT NULL
);
