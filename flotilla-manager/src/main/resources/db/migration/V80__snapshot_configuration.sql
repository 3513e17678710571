-- The VM's whole configuration kept with each snapshot (oVirt's OVF), as one JSON document
-- (dev.flotilla.manager.snapshot.VmConfiguration): CPUs, memory, boot, description, HA and its
-- priority, the disks attached (interface, bootable, read-only, slot, when attached), the ISO in
-- the CD-ROM drive, the pinned hosts. A document rather than columns because it holds lists and
-- grows with the VM (NICs will join it); nothing queries inside it. Null for snapshots taken
-- before: those keep only the V38 columns (CPUs, memory, boot), which a restore still uses.
ALTER TABLE snapshot ADD COLUMN configuration jsonb;
-- While the VM previews this snapshot (with the snapshot's configuration): the configuration the
-- VM had before, which an undo gives back and a commit drops. Null when not in preview.
ALTER TABLE snapshot ADD COLUMN preview_saved_configuration jsonb;
