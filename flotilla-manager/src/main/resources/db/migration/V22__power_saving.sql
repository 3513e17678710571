-- Power saving (issue 5). policy_control: oVirt's "disable policy control of power management"
-- inverted; false keeps the host out of power saving. last_test_*: the last power status read
-- of a test (admin's or power saving's own); a host whose test failed is never powered off.
ALTER TABLE host_power_management ADD COLUMN policy_control boolean NOT NULL DEFAULT true;
ALTER TABLE host_power_management ADD COLUMN last_test_ok boolean;
ALTER TABLE host_power_management ADD COLUMN last_test_at timestamptz;
ALTER TABLE host_power_management ADD COLUMN last_test_message text NOT NULL DEFAULT '';

-- Hosts power saving switched: PoweringOff, Off (it may power them on again), PoweringOn (until
-- the agent reconnects and the host is activated), On (powered on by power saving: kept on for a
-- while so a host does not flap). A host not in this table is none of power saving's business.
CREATE TABLE power_saving_host (
    host_id    uuid PRIMARY KEY REFERENCES host(id) ON DELETE CASCADE,
    state      varchar(16) NOT NULL,
    reason     text NOT NULL DEFAULT '',
    changed_at timestamptz NOT NULL DEFAULT now()
);

-- The restart queue's view (API, console, CLI) shows why the last attempt failed.
ALTER TABLE ha_restart ADD COLUMN last_error text NOT NULL DEFAULT '';
