package dev.flotilla.manager.scheduling;

/** Score: packs VMs on the busiest host that stays under HighUtilization with the VM, so that idle hosts can be switched off; a host pushed over it scores 0, below any host under it (an empty host scores at least 0.5), so that the other resource cannot pull a VM onto an over-utilized host. */
final class PowerSavingCpuScorer implements HostScorer {

    static final String NAME = "PowerSavingCPU";

    public String name() {
        return NAME;
    }

    public String description() {
        return "Prefers the busiest host that stays under HighUtilization";
    }

    public double score(VmDemand vm, HostCandidate host, ClusterSnapshot cluster) {
        return packing(host.cpuUse(vm.cpus()), cluster.policy());
    }

    /** Power saving's rule for any resource: fuller is better up to HighUtilization, and over it worst of all. */
    static double packing(double use, ClusterPolicy policy) {
        return use * 100 > policy.parameter(SchedulingPolicy.HIGH_UTILIZATION) ? 0 : 0.5 + use / 2;
    }
}
