-- The overlays a snapshot being made asked its host for, recorded before the host is asked and
-- dropped in the transaction that records them as the disks' active volumes (or with the snapshot).
-- A row outliving its manager process means the host's answer was never recorded: for a live
-- snapshot QEMU may already write into the overlay, so start-up recovery decides from what the
-- host reports the VM runs on (dev.flotilla.manager.snapshot.LiveSnapshotSettling), never guesses.
CREATE TABLE snapshot_planned_overlay (
    snapshot_id uuid NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
    disk_id     uuid NOT NULL REFERENCES disk(id) ON DELETE CASCADE,
    volume_id   uuid NOT NULL,   -- the overlay, to become the disk's active volume
    backing_id  uuid NOT NULL,   -- the disk's active volume when asked, to keep the snapshot's state
    domain_id   uuid NOT NULL,
    PRIMARY KEY (snapshot_id, disk_id)
);
