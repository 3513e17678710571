package dev.flotilla.manager.scheduling;

/** A hard constraint: a host that does not fit is never chosen. */
public interface HostFilter {

    String name();

    Verdict check(VmDemand vm, HostCandidate host, ClusterPolicy policy);
}
