package dev.flotilla.manager.scheduling;

/** Hard filter: enforcing affinity groups between VMs. Positive: the VM goes where the group's other running VMs are (any of them, if they are already split); negative: never beside one of them. */
final class VmAffinityFilter implements HostFilter {

    static final String NAME = "VmAffinity";

    public String name() {
        return NAME;
    }

    public String description() {
        return "Enforcing VM affinity groups: together (positive) or apart (negative)";
    }

    public Verdict check(VmDemand vm, HostCandidate host, ClusterSnapshot cluster) {
        for (AffinityGroup g : cluster.groupsOf(vm.vmId())) {
            if (!g.enforcing() || g.vmIds().size() < 2) {
                continue;
            }
            int here = 0;
            int running = 0;
            for (java.util.UUID other : g.vmIds()) {
                java.util.UUID at = other.equals(vm.vmId()) ? null : cluster.vmHosts().get(other);
                if (at != null) {
                    running++;
                    if (at.equals(host.id())) {
                        here++;
                    }
                }
            }
            if (g.positive() && running > 0 && here == 0) {
                return Verdict.rejected("%s: its %d other running VM(s) are on other hosts".formatted(g.describe(), running));
            }
            if (!g.positive() && here > 0) {
                return Verdict.rejected("%s: %d of its VM(s) run on this host".formatted(g.describe(), here));
            }
        }
        return Verdict.fits();
    }
}
