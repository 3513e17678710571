package dev.flotilla.manager.datacenter;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A group of hosts that VMs can move between. Overcommit is in percent of the hosts' real
 * capacity: memory 100 = none (oVirt's default for servers), CPU 400 = four vCPUs per core.
 * {@code schedulingPolicy} names a built-in or custom policy; {@code schedulingPolicyParameters}
 * override its parameters; {@code cpuModel} is the CPU family hosts must report (null: any).
 */
public record Cluster(UUID id, UUID dataCenterId, String name, String description,
                      int memoryOvercommitPercent, int cpuOvercommitPercent, String schedulingPolicy,
                      Map<String, Integer> schedulingPolicyParameters, String cpuModel, long version, Instant createdAt) {

    public Cluster {
        schedulingPolicy = schedulingPolicy == null ? "none" : schedulingPolicy;
        schedulingPolicyParameters = schedulingPolicyParameters == null ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(schedulingPolicyParameters));
    }
}
