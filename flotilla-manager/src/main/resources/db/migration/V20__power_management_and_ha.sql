-- Power management of a host (issue 5). The BMC password is sealed with AES-GCM under a key kept
-- in the manager's data directory, so a database dump alone does not reveal it.
CREATE TABLE host_power_management (
    host_id          uuid PRIMARY KEY REFERENCES host(id) ON DELETE CASCADE,
    agent_type       varchar(32) NOT NULL,
    address          varchar(255) NOT NULL,
    port             int NOT NULL DEFAULT 623,
    username         varchar(255) NOT NULL DEFAULT '',
    password_sealed  text NOT NULL DEFAULT '',
    lanplus          boolean NOT NULL DEFAULT true,
    cipher           varchar(8) NOT NULL DEFAULT '3',
    options          varchar(1024) NOT NULL DEFAULT '',
    proxy_preference varchar(64) NOT NULL DEFAULT 'cluster,dc',
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- Restart order of highly available VMs after their host failed: higher first.
ALTER TABLE vm ADD COLUMN ha_priority int NOT NULL DEFAULT 1;
