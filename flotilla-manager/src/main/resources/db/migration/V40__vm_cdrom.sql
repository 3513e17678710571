-- A VM's CD-ROM drive: the ISO image in it (a disk on an iso domain), and whether the VM boots from it.
-- Deleting the ISO empties the drive.
CREATE TABLE vm_cdrom (
    vm_id   uuid PRIMARY KEY REFERENCES vm(id) ON DELETE CASCADE,
    disk_id uuid NOT NULL REFERENCES disk(id) ON DELETE CASCADE,
    boot    boolean NOT NULL DEFAULT false
);
