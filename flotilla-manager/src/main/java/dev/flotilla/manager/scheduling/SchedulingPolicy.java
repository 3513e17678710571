package dev.flotilla.manager.scheduling;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * oVirt's cluster scheduling policy: which filters run, which scorers rank and with what weight,
 * which balance unit names VMs to move ({@code balancer}, null for none) and the parameters the
 * balancing reads. The four built-in ones have no id and cannot change;
 * custom ones are stored (id set). {@code HostStatus}, {@code Migration} and {@code StorageReach}
 * always run, listed or not: without them a placement would be wrong, not just different.
 */
public record SchedulingPolicy(UUID id, String name, String description, List<String> filters,
                               List<WeightedScorer> scorers, String balancer, Map<String, Integer> parameters, long version) {

    public record WeightedScorer(String name, int weight) {
    }

    public static final String HIGH_UTILIZATION = "HighUtilization";
    public static final String LOW_UTILIZATION = "LowUtilization";
    public static final String CPU_OVERCOMMIT_DURATION_MINUTES = "CpuOverCommitDurationMinutes";
    public static final String HIGH_VM_COUNT = "HighVmCount";
    public static final String MIGRATION_THRESHOLD = "MigrationThreshold";
    /** power_saving: how many idle Up hosts to keep on beyond the ones running VMs. */
    public static final String HOSTS_IN_RESERVE = "HostsInReserve";
    /** power_saving: 1 lets the manager power idle hosts off and on (oVirt's EnableAutomaticHostPowerManagement; 0 or 1 here, parameters are numbers). */
    public static final String ENABLE_AUTOMATIC_HOST_POWER_MANAGEMENT = "EnableAutomaticHostPowerManagement";

    /** oVirt's defaults; every parameter a policy may set is one of these. */
    public static final Map<String, Integer> DEFAULT_PARAMETERS = orderedMap(HIGH_UTILIZATION, 80, LOW_UTILIZATION, 20,
            CPU_OVERCOMMIT_DURATION_MINUTES, 2, HIGH_VM_COUNT, 10, MIGRATION_THRESHOLD, 5, HOSTS_IN_RESERVE, 0,
            ENABLE_AUTOMATIC_HOST_POWER_MANAGEMENT, 0);

    public static final List<String> MANDATORY_FILTERS = List.of(HostStatusFilter.NAME, MigrationFilter.NAME, StorageReachFilter.NAME);

    private static final List<String> STANDARD_FILTERS = List.of(HostStatusFilter.NAME, MigrationFilter.NAME, StorageReachFilter.NAME,
            MemoryFilter.NAME, CpuFilter.NAME, CpuModelFilter.NAME, PinToHostFilter.NAME, VmAffinityFilter.NAME,
            VmToHostAffinityFilter.NAME);

    private static final List<WeightedScorer> AFFINITY_SCORES = List.of(new WeightedScorer(VmAffinityScorer.NAME, 10),
            new WeightedScorer(PreferredHostsScorer.NAME, 10));

    public static final SchedulingPolicy NONE = builtIn("none",
            "No load balancing; a new VM goes to the host with most free memory and CPU",
            List.of(new WeightedScorer(EvenDistributionMemoryScorer.NAME, 2), new WeightedScorer(EvenDistributionCpuScorer.NAME, 1)),
            null, Map.of());

    public static final SchedulingPolicy EVENLY_DISTRIBUTED = builtIn("evenly_distributed",
            "Spreads the CPU load: VMs go to the least loaded host, and leave hosts over HighUtilization for longer than CpuOverCommitDurationMinutes",
            List.of(new WeightedScorer(EvenDistributionCpuScorer.NAME, 2), new WeightedScorer(EvenDistributionMemoryScorer.NAME, 1)),
            EvenDistributionBalancer.NAME, orderedMap(HIGH_UTILIZATION, 80, CPU_OVERCOMMIT_DURATION_MINUTES, 2));

    public static final SchedulingPolicy POWER_SAVING = builtIn("power_saving",
            "Packs VMs onto as few hosts as possible below HighUtilization, and empties hosts under LowUtilization so they can be switched off; "
                    + "with EnableAutomaticHostPowerManagement=1, idle hosts beyond HostsInReserve are powered off and on again when needed",
            List.of(new WeightedScorer(PowerSavingCpuScorer.NAME, 2), new WeightedScorer(PowerSavingMemoryScorer.NAME, 1)),
            PowerSavingBalancer.NAME, orderedMap(HIGH_UTILIZATION, 80, LOW_UTILIZATION, 20, CPU_OVERCOMMIT_DURATION_MINUTES, 2,
                    HOSTS_IN_RESERVE, 0, ENABLE_AUTOMATIC_HOST_POWER_MANAGEMENT, 0));

    public static final SchedulingPolicy VM_EVENLY_DISTRIBUTED = builtIn("vm_evenly_distributed",
            "Spreads the number of VMs: a host with more than HighVmCount VMs and MigrationThreshold more than the least crowded host gives VMs away",
            List.of(new WeightedScorer(EvenGuestDistributionScorer.NAME, 2), new WeightedScorer(EvenDistributionMemoryScorer.NAME, 1)),
            EvenGuestDistributionBalancer.NAME, orderedMap(HIGH_VM_COUNT, 10, MIGRATION_THRESHOLD, 5));

    public static final List<SchedulingPolicy> BUILT_IN = List.of(NONE, EVENLY_DISTRIBUTED, POWER_SAVING, VM_EVENLY_DISTRIBUTED);

    public SchedulingPolicy {
        filters = List.copyOf(filters);
        balancer = balancer == null || balancer.isBlank() ? null : balancer;
        scorers = List.copyOf(scorers);
        parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    public boolean builtIn() {
        return id == null;
    }

    public static java.util.Optional<SchedulingPolicy> builtIn(String name) {
        return BUILT_IN.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    private static SchedulingPolicy builtIn(String name, String description, List<WeightedScorer> scores, String balancer,
                                            Map<String, Integer> params) {
        List<WeightedScorer> all = new java.util.ArrayList<>(scores);
        all.addAll(AFFINITY_SCORES);
        return new SchedulingPolicy(null, name, description, STANDARD_FILTERS, all, balancer, params, 0);
    }

    private static Map<String, Integer> orderedMap(Object... kv) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Integer) kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
