package dev.flotilla.manager.scheduling;

import java.util.Map;

/**
 * The cluster settings the scheduling units read: overcommit, the scheduling policy and the
 * cluster's overrides of that policy's parameters, and the CPU family its hosts must have
 * ({@code cpuModel}, matched as a part of the model a host reports; null: any).
 */
public record ClusterPolicy(int memoryOvercommitPercent, int cpuOvercommitPercent, SchedulingPolicy schedulingPolicy,
                            Map<String, Integer> parameterOverrides, String cpuModel) {

    public ClusterPolicy {
        schedulingPolicy = schedulingPolicy == null ? SchedulingPolicy.NONE : schedulingPolicy;
        parameterOverrides = parameterOverrides == null ? Map.of() : Map.copyOf(parameterOverrides);
    }

    public ClusterPolicy(int memoryOvercommitPercent, int cpuOvercommitPercent) {
        this(memoryOvercommitPercent, cpuOvercommitPercent, SchedulingPolicy.NONE, Map.of(), null);
    }

    public ClusterPolicy(int memoryOvercommitPercent, int cpuOvercommitPercent, SchedulingPolicy schedulingPolicy) {
        this(memoryOvercommitPercent, cpuOvercommitPercent, schedulingPolicy, Map.of(), null);
    }

    /** A parameter's value: the cluster's override, else the policy's value, else oVirt's default. */
    public int parameter(String name) {
        Integer v = parameterOverrides.get(name);
        if (v == null) {
            v = schedulingPolicy.parameters().get(name);
        }
        return v != null ? v : SchedulingPolicy.DEFAULT_PARAMETERS.get(name);
    }
}
