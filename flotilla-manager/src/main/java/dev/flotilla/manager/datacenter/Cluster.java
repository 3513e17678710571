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
 * override its parameters; {@code cpuModel} is the CPU family hosts must report (null: any);
 * {@code resiliencePolicy} says which running VMs leave a host that goes NonOperational
 * ({@link ResiliencePolicy}'s wire name).
 */
public record Cluster(UUID id, UUID dataCenterId, String name, String description,
                      int memoryOvercommitPercent, int cpuOvercommitPercent, String schedulingPolicy,
                      Map<String, Integer> schedulingPolicyParameters, String cpuModel, long version, Instant createdAt,
                      String resiliencePolicy) {

    /** A cluster with the default resilience policy. */
    public Cluster(UUID id, UUID dataCenterId, String name, String description, int memoryOvercommitPercent, int cpuOvercommitPercent,
                   String schedulingPolicy, Map<String, Integer> schedulingPolicyParameters, String cpuModel, long version, Instant createdAt) {
        this(id, dataCenterId, name, description, memoryOvercommitPercent, cpuOvercommitPercent, schedulingPolicy,
                schedulingPolicyParameters, cpuModel, version, createdAt, null);
    }

    public Cluster {
        resiliencePolicy = resiliencePolicy == null ? ResiliencePolicy.DEFAULT.wire() : resiliencePolicy;
        schedulingPolicy = schedulingPolicy == null ? "none" : schedulingPolicy;
        schedulingPolicyParameters = schedulingPolicyParameters == null ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(schedulingPolicyParameters));
    }
}
