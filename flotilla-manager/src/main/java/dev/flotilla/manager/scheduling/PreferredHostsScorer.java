package dev.flotilla.manager.scheduling;

/** Score for VM-to-host affinity that does not enforce: the share of the VM's groups whose host rule the host satisfies (on a positive group's hosts, off a negative group's; 1 when there is none). */
final class PreferredHostsScorer implements HostScorer {

    static final String NAME = "PreferredHosts";

    public String name() {
        return NAME;
    }

    public String description() {
        return "Non-enforcing VM-to-host affinity: prefers the group's hosts (positive) or others (negative)";
    }

    public double score(VmDemand vm, HostCandidate host, ClusterSnapshot cluster) {
        int groups = 0;
        int satisfied = 0;
        for (AffinityGroup g : cluster.groupsOf(vm.vmId())) {
            if (g.enforcing() || g.hostIds().isEmpty()) {
                continue;
            }
            groups++;
            if (g.hostIds().contains(host.id()) == g.positive()) {
                satisfied++;
            }
        }
        return groups == 0 ? 1 : (double) satisfied / groups;
    }
}
