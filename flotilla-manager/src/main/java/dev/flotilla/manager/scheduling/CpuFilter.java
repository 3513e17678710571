package dev.flotilla.manager.scheduling;

/**
 * Hard filter: a VM never gets more vCPUs than the host has cores (it would run slower than on
 * fewer), and all VMs together stay within the cluster's CPU overcommit.
 */
final class CpuFilter implements HostFilter {

    static final String NAME = "CPU";

    public String name() {
        return NAME;
    }

    public String description() {
        return "A VM gets no more vCPUs than the host has cores, and all vCPUs stay within the cluster's CPU overcommit";
    }

    public Verdict check(VmDemand vm, HostCandidate host, ClusterSnapshot cluster) {
        ClusterPolicy policy = cluster.policy();
        if (vm.cpus() > host.cpuCores()) {
            return Verdict.rejected("needs %d vCPUs, host has %d cores".formatted(vm.cpus(), host.cpuCores()));
        }
        long limit = (long) host.cpuCores() * policy.cpuOvercommitPercent() / 100;
        long after = host.committedCpus() + vm.cpus();
        return after <= limit ? Verdict.fits()
                : Verdict.rejected("would have %d vCPUs on %d cores, over the %d%% overcommit limit of %d"
                        .formatted(after, host.cpuCores(), policy.cpuOvercommitPercent(), limit));
    }
}
