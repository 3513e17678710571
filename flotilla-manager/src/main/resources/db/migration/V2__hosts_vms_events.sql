CREATE TABLE host (
    id               uuid PRIMARY KEY,
    cluster_id       uuid NOT NULL REFERENCES cluster(id),
    name             varchar(128) NOT NULL UNIQUE,
    status           varchar(32) NOT NULL,
    status_reason    varchar(1024) NOT NULL DEFAULT '',
    address          varchar(255) NOT NULL DEFAULT '',
    cpu_model        varchar(255) NOT NULL DEFAULT '',
    cpu_cores        int NOT NULL DEFAULT 0,
    memory_mib       bigint NOT NULL DEFAULT 0,
    driver           varchar(32) NOT NULL DEFAULT '',
    accel            varchar(32) NOT NULL DEFAULT '',
    hypervisor_version varchar(255) NOT NULL DEFAULT '',
    os               varchar(255) NOT NULL DEFAULT '',
    kernel           varchar(255) NOT NULL DEFAULT '',
    csr_pem          text,
    certificate_serial varchar(64),
    version          bigint NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX host_cluster ON host(cluster_id);

CREATE TABLE enrollment_token (
    id          uuid PRIMARY KEY,
    secret_hash varchar(128) NOT NULL UNIQUE,
    created_by  varchar(255) NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    used_by_host uuid
);

CREATE TABLE vm (
    id                uuid PRIMARY KEY,
    cluster_id        uuid NOT NULL REFERENCES cluster(id),
    host_id           uuid REFERENCES host(id),
    name              varchar(128) NOT NULL UNIQUE,
    description       varchar(1024) NOT NULL DEFAULT '',
    status            varchar(32) NOT NULL,
    status_reason     varchar(2048) NOT NULL DEFAULT '',
    status_changed_at timestamptz NOT NULL DEFAULT now(),
    cpus              int NOT NULL,
    memory_mib        bigint NOT NULL,
    highly_available  boolean NOT NULL DEFAULT false,
    boot_kernel       varchar(1024) NOT NULL DEFAULT '',
    boot_initrd       varchar(1024) NOT NULL DEFAULT '',
    boot_cmdline      varchar(4096) NOT NULL DEFAULT '',
    version           bigint NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vm_host ON vm(host_id);
CREATE INDEX vm_cluster ON vm(cluster_id);
CREATE INDEX vm_status ON vm(status);

CREATE TABLE event (
    id          bigserial PRIMARY KEY,
    time        timestamptz NOT NULL DEFAULT now(),
    severity    varchar(16) NOT NULL,
    object_type varchar(32) NOT NULL,
    object_id   uuid,
    object_name varchar(255) NOT NULL DEFAULT '',
    username    varchar(255) NOT NULL DEFAULT '',
    message     varchar(4096) NOT NULL
);
CREATE INDEX event_object ON event(object_id, id DESC);

CREATE TABLE certificate_authority (
    id              int PRIMARY KEY,
    certificate_pem text NOT NULL,
    private_key_pem text NOT NULL,
    next_serial     bigint NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE app_user (
    id            uuid PRIMARY KEY,
    username      varchar(255) NOT NULL UNIQUE,
    password_hash varchar(255) NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
