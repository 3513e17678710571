-- Snapshots and the volume chains of disks (issue 3). A disk's volume_id stays its active volume;
-- a disk without rows here is a chain of that one volume (rows are made when the first snapshot is).

CREATE TABLE snapshot (
    id            uuid PRIMARY KEY,
    vm_id         uuid NOT NULL REFERENCES vm(id) ON DELETE CASCADE,
    description   varchar(1024) NOT NULL DEFAULT '',
    status        varchar(16) NOT NULL,             -- OK, Locked (being made, merged or previewed), InPreview
    status_reason varchar(2048) NOT NULL DEFAULT '', -- e.g. why the last delete stopped and that it can be retried
    live          boolean NOT NULL DEFAULT false,
    -- the merge in progress, recorded before each step so a cut-short delete can be retried:
    -- '' or 'merging <disk>: <top> into <base>'
    merge_step    varchar(1024) NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX snapshot_vm ON snapshot(vm_id, created_at);

CREATE TABLE volume (
    id          uuid PRIMARY KEY,
    disk_id     uuid NOT NULL REFERENCES disk(id) ON DELETE CASCADE,
    parent_id   uuid REFERENCES volume(id),         -- the backing volume; null for a base
    format      varchar(8) NOT NULL,                 -- qcow2, raw
    snapshot_id uuid REFERENCES snapshot(id) ON DELETE SET NULL,  -- the snapshot whose state it keeps; null: active or preview
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX volume_disk ON volume(disk_id);
CREATE INDEX volume_parent ON volume(parent_id);

-- A VM previewing a snapshot: per disk, the preview's overlay and the active volume set aside for an undo.
CREATE TABLE snapshot_preview (
    disk_id           uuid PRIMARY KEY REFERENCES disk(id) ON DELETE CASCADE,
    vm_id             uuid NOT NULL REFERENCES vm(id) ON DELETE CASCADE,
    snapshot_id       uuid NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
    preview_volume_id uuid NOT NULL,
    saved_volume_id   uuid NOT NULL
);
