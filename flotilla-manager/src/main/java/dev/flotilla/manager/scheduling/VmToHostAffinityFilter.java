package dev.flotilla.manager.scheduling;

/** Hard filter: enforcing affinity groups between VMs and hosts. Positive: the VM runs on one of the group's hosts; negative: on none of them. */
final class VmToHostAffinityFilter implements HostFilter {

    static final String NAME = "VmToHostAffinity";

    public String name() {
        return NAME;
    }

    public String description() {
        return "Enforcing VM-to-host affinity: on the group's hosts (positive) or off them (negative)";
    }

    public Verdict check(VmDemand vm, HostCandidate host, ClusterSnapshot cluster) {
        for (AffinityGroup g : cluster.groupsOf(vm.vmId())) {
            if (!g.enforcing() || g.hostIds().isEmpty()) {
                continue;
            }
            boolean listed = g.hostIds().contains(host.id());
            if (g.positive() && !listed) {
                return Verdict.rejected("%s: the host is not one of its %d host(s)".formatted(g.describe(), g.hostIds().size()));
            }
            if (!g.positive() && listed) {
                return Verdict.rejected("%s: the host is one the group keeps its VMs off".formatted(g.describe()));
            }
        }
        return Verdict.fits();
    }
}
