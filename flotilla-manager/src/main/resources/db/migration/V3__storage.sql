-- Storage domains, their iSCSI LUNs, disks and which VM each disk is attached to (issue 3).

CREATE TABLE storage_domain (
    id            uuid PRIMARY KEY,
    name          varchar(64) NOT NULL UNIQUE,
    description   varchar(1024) NOT NULL DEFAULT '',
    type          varchar(16) NOT NULL,          -- nfs, iscsi, posix, local
    role          varchar(16) NOT NULL,          -- data, iso
    status        varchar(32) NOT NULL,
    status_reason varchar(2048) NOT NULL DEFAULT '',
    datacenter_id uuid REFERENCES datacenter(id),
    nfs_server    varchar(255) NOT NULL DEFAULT '',
    nfs_export    varchar(1024) NOT NULL DEFAULT '',
    iscsi_portal  varchar(255) NOT NULL DEFAULT '',
    iscsi_target  varchar(255) NOT NULL DEFAULT '',
    chap_user     varchar(255) NOT NULL DEFAULT '',
    chap_secret   varchar(255) NOT NULL DEFAULT '',   -- never returned by the API
    path          varchar(1024) NOT NULL DEFAULT '',
    host_id       uuid REFERENCES host(id) ON DELETE SET NULL,  -- local: the one host; else who reported last
    total_bytes   bigint,
    free_bytes    bigint,
    checked_at    timestamptz,
    version       bigint NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX storage_domain_datacenter ON storage_domain(datacenter_id);

CREATE TABLE storage_lun (
    storage_domain_id uuid NOT NULL REFERENCES storage_domain(id) ON DELETE CASCADE,
    lun               int NOT NULL,
    size_bytes        bigint NOT NULL,
    PRIMARY KEY (storage_domain_id, lun)
);

CREATE TABLE disk (
    id                uuid PRIMARY KEY,
    name              varchar(128) NOT NULL UNIQUE,
    description       varchar(1024) NOT NULL DEFAULT '',
    storage_domain_id uuid NOT NULL REFERENCES storage_domain(id),
    volume_id         uuid NOT NULL,
    lun               int,                       -- iSCSI: the LUN the disk is
    format            varchar(8) NOT NULL,       -- qcow2, raw
    size_bytes        bigint NOT NULL,           -- what the guest sees
    actual_bytes      bigint,                    -- what it takes on its domain, when known
    status            varchar(16) NOT NULL,      -- Locked, OK, Illegal
    status_reason     varchar(2048) NOT NULL DEFAULT '',
    version           bigint NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX disk_storage_domain ON disk(storage_domain_id);
-- one disk per LUN
CREATE UNIQUE INDEX disk_lun ON disk(storage_domain_id, lun) WHERE lun IS NOT NULL;

-- A disk is attached to at most one VM (no shared disks yet): disk_id is the key.
CREATE TABLE vm_disk (
    disk_id     uuid PRIMARY KEY REFERENCES disk(id) ON DELETE CASCADE,
    vm_id       uuid NOT NULL REFERENCES vm(id) ON DELETE CASCADE,
    interface   varchar(16) NOT NULL,           -- virtio-blk, virtio-scsi
    bootable    boolean NOT NULL DEFAULT false,
    read_only   boolean NOT NULL DEFAULT false,
    attached_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vm_disk_vm ON vm_disk(vm_id);
