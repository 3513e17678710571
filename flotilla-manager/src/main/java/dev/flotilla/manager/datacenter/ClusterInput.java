package dev.flotilla.manager.datacenter;

import java.util.Map;
import java.util.UUID;

/**
 * Body of create and update of a cluster; on update absent fields keep their value and
 * {@code version} is required. {@code schedulingPolicyParameters}, when present, replaces the
 * cluster's overrides (an empty object clears them); a new policy without it clears them too.
 * {@code cpuModel} "" clears the CPU family; {@code resiliencePolicy} is one of
 * {@link ResiliencePolicy}'s wire names.
 */
public record ClusterInput(String name, UUID dataCenterId, String description,
                           Integer memoryOvercommitPercent, Integer cpuOvercommitPercent, String schedulingPolicy,
                           Map<String, Integer> schedulingPolicyParameters, String cpuModel, Long version, String resiliencePolicy) {

    public ClusterInput(String name, UUID dataCenterId, String description, Integer memoryOvercommitPercent, Integer cpuOvercommitPercent,
                        String schedulingPolicy, Map<String, Integer> schedulingPolicyParameters, String cpuModel, Long version) {
        this(name, dataCenterId, description, memoryOvercommitPercent, cpuOvercommitPercent, schedulingPolicy, schedulingPolicyParameters,
                cpuModel, version, null);
    }
}
