-- Highly available VMs waiting to be restarted (issue 5): kept in the database so a manager
-- restart resumes them instead of leaving them Down. preferred_host_id: a VM that crashed on a
-- host that stays Up is tried there first.
CREATE TABLE ha_restart (
    vm_id             uuid PRIMARY KEY REFERENCES vm(id) ON DELETE CASCADE,
    priority          int NOT NULL,
    attempt           int NOT NULL DEFAULT 0,
    due_at            timestamptz NOT NULL,
    preferred_host_id uuid,
    reason            text NOT NULL DEFAULT '',
    queued_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ha_restart_due ON ha_restart (due_at);
