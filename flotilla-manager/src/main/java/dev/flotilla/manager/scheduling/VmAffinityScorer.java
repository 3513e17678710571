package dev.flotilla.manager.scheduling;

/** Score for affinity groups that do not enforce: the share of the VM's positive group mates running on the host, and of its negative group mates running elsewhere (1 when the VM is in no such group). */
final class VmAffinityScorer implements HostScorer {

    static final String NAME = "VmAffinity";

    public String name() {
        return NAME;
    }

    public String description() {
        return "Non-enforcing VM affinity groups: prefers hosts beside positive group mates and away from negative ones";
    }

    public double score(VmDemand vm, HostCandidate host, ClusterSnapshot cluster) {
        int wanted = 0;
        int satisfied = 0;
        for (AffinityGroup g : cluster.groupsOf(vm.vmId())) {
            if (g.enforcing()) {
                continue;
            }
            for (java.util.UUID other : g.vmIds()) {
                java.util.UUID at = other.equals(vm.vmId()) ? null : cluster.vmHosts().get(other);
                if (at != null) {
                    wanted++;
                    if (at.equals(host.id()) == g.positive()) {
                        satisfied++;
                    }
                }
            }
        }
        return wanted == 0 ? 1 : (double) satisfied / wanted;
    }
}
