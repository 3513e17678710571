-- Templates (issue 3): a VM's configuration and copies of its disks, from which VMs are made thin
-- (a qcow2 overlay over the template's volume) or cloned (a full copy).

CREATE TABLE template (
    id            uuid PRIMARY KEY,
    name          varchar(64) NOT NULL UNIQUE,
    description   varchar(1024) NOT NULL DEFAULT '',
    status        varchar(16) NOT NULL,               -- Locked (disks being copied), OK
    status_reason varchar(2048) NOT NULL DEFAULT '',
    cluster_id    uuid REFERENCES cluster(id),
    cpus          int NOT NULL,
    memory_mib    bigint NOT NULL,
    kernel        varchar(1024) NOT NULL DEFAULT '',
    initrd        varchar(1024) NOT NULL DEFAULT '',
    cmdline       varchar(4096) NOT NULL DEFAULT '',
    source_vm_id  uuid,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- A template's disks are disks (so their space and layout are the storage's) that no VM attaches.
CREATE TABLE template_disk (
    template_id uuid NOT NULL REFERENCES template(id) ON DELETE CASCADE,
    position    int NOT NULL,
    disk_id     uuid NOT NULL UNIQUE REFERENCES disk(id),
    interface   varchar(16) NOT NULL,
    bootable    boolean NOT NULL DEFAULT false,
    read_only   boolean NOT NULL DEFAULT false,
    PRIMARY KEY (template_id, position)
);
