-- Image transfers (uploads) kept across manager restarts: an upload under way when the manager
-- stopped is still listed afterwards and resumes from staged_bytes (the agent keeps its staging
-- file; a range written again over staged bytes is accepted). No foreign key to disk: a cancelled
-- or failed upload removes its disk while its transfer stays listed with the outcome.
CREATE TABLE image_transfer (
    id                uuid PRIMARY KEY,
    disk_id           uuid NOT NULL,
    disk_name         text NOT NULL,
    storage_domain_id uuid NOT NULL,
    host_id           uuid NOT NULL,
    content           text NOT NULL,
    format            text NOT NULL,
    total_bytes       bigint NOT NULL,
    staged_bytes      bigint NOT NULL DEFAULT 0,
    phase             text NOT NULL,
    message           text NOT NULL DEFAULT '',
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);
CREATE INDEX image_transfer_phase ON image_transfer (phase, updated_at);
