package dev.flotilla.manager.scheduling;

/** Hard filter: a cluster with a CPU family set takes only hosts whose reported CPU model names it (live migration needs the same CPU). */
final class CpuModelFilter implements HostFilter {

    static final String NAME = "CpuModel";

    public String name() {
        return NAME;
    }

    public String description() {
        return "The host's CPU model belongs to the cluster's CPU family";
    }

    public Verdict check(VmDemand vm, HostCandidate host, ClusterSnapshot cluster) {
        String family = cluster.policy().cpuModel();
        if (family == null || family.isBlank()) {
            return Verdict.fits();
        }
        if (host.cpuModel() == null) {
            return Verdict.rejected("the host has not reported its CPU model; the cluster needs %s".formatted(family));
        }
        return host.cpuModel().toLowerCase(java.util.Locale.ROOT).contains(family.toLowerCase(java.util.Locale.ROOT))
                ? Verdict.fits()
                : Verdict.rejected("CPU %s is not of the cluster's family %s".formatted(host.cpuModel(), family));
    }
}
