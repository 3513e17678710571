package dev.flotilla.manager.scheduling;

/** Score: the host whose CPU would be least busy with the VM wins (measured load or the vCPUs claimed per core, whichever is higher). */
final class EvenDistributionCpuScorer implements HostScorer {

    static final String NAME = "EvenDistributionCPU";

    public String name() {
        return NAME;
    }

    public String description() {
        return "Prefers the host with the least busy CPU";
    }

    public double score(VmDemand vm, HostCandidate host, ClusterSnapshot cluster) {
        return 1 - host.cpuUse(vm.cpus());
    }
}
