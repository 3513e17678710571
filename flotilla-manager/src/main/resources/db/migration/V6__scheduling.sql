-- Scheduling (issue 4): cluster policies, custom policies, affinity groups, pinning.

-- A cluster names its policy (one of the built-in ones, which live in code, or a custom one
-- below, by name) and may override the policy's parameters; cpu_model is the CPU family its
-- hosts must report (the CpuModel filter), null for any.
ALTER TABLE cluster ADD COLUMN scheduling_policy varchar(64) NOT NULL DEFAULT 'none';
ALTER TABLE cluster ADD COLUMN cpu_model varchar(128);

CREATE TABLE cluster_scheduling_parameter (
    cluster_id uuid NOT NULL REFERENCES cluster(id) ON DELETE CASCADE,
    name       varchar(64) NOT NULL,
    value      int NOT NULL,
    PRIMARY KEY (cluster_id, name)
);

CREATE TABLE scheduling_policy (
    id          uuid PRIMARY KEY,
    name        varchar(64) NOT NULL UNIQUE,
    description varchar(1024) NOT NULL DEFAULT '',
    balancer    varchar(64),  -- the balance unit (OptimalForEvenDistribution, ...); null: no balancing
    version     bigint NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- the units a custom policy runs, in order; weight only for scores
CREATE TABLE scheduling_policy_unit (
    policy_id uuid NOT NULL REFERENCES scheduling_policy(id) ON DELETE CASCADE,
    type      varchar(8) NOT NULL CHECK (type IN ('filter', 'score')),
    name      varchar(64) NOT NULL,
    weight    int NOT NULL DEFAULT 0,
    position  int NOT NULL,
    PRIMARY KEY (policy_id, type, name)
);

CREATE TABLE scheduling_policy_parameter (
    policy_id uuid NOT NULL REFERENCES scheduling_policy(id) ON DELETE CASCADE,
    name      varchar(64) NOT NULL,
    value     int NOT NULL,
    PRIMARY KEY (policy_id, name)
);

-- oVirt's affinity groups: VMs together (positive) or apart, on the group's hosts (positive)
-- or off them; enforcing = hard (filters), else soft (scores)
CREATE TABLE affinity_group (
    id          uuid PRIMARY KEY,
    cluster_id  uuid NOT NULL REFERENCES cluster(id) ON DELETE CASCADE,
    name        varchar(64) NOT NULL,
    description varchar(1024) NOT NULL DEFAULT '',
    positive    boolean NOT NULL,
    enforcing   boolean NOT NULL,
    version     bigint NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (cluster_id, name)
);

CREATE TABLE affinity_group_vm (
    group_id uuid NOT NULL REFERENCES affinity_group(id) ON DELETE CASCADE,
    vm_id    uuid NOT NULL REFERENCES vm(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, vm_id)
);
CREATE INDEX affinity_group_vm_vm ON affinity_group_vm(vm_id);

CREATE TABLE affinity_group_host (
    group_id uuid NOT NULL REFERENCES affinity_group(id) ON DELETE CASCADE,
    host_id  uuid NOT NULL REFERENCES host(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, host_id)
);
CREATE INDEX affinity_group_host_host ON affinity_group_host(host_id);

-- the hosts a VM is pinned to (the PinToHost filter); none: any host of its cluster
CREATE TABLE vm_pinned_host (
    vm_id   uuid NOT NULL REFERENCES vm(id) ON DELETE CASCADE,
    host_id uuid NOT NULL REFERENCES host(id) ON DELETE CASCADE,
    PRIMARY KEY (vm_id, host_id)
);
