-- Where each disk's device sits in its VM's QEMU (DiskSpec.slot of the protocol): numbered again
-- at every start, chosen when a disk is plugged in live, so the target of a migration starts QEMU
-- with exactly the source's devices. Null until the VM's next start.
alter table vm_disk add column slot int;
-- Whether the VM's QEMU was started with its disks at their slots. A VM still running from before
-- slots existed lays its devices out by their order, so after a live change it cannot migrate.
alter table vm add column device_layout boolean not null default false;
