package dev.flotilla.manager.scheduling;

/** A hard constraint: a host that does not fit is never chosen. */
public interface HostFilter {

    String name();

    /** One sentence for the API's list of units. */
    String description();

    Verdict check(VmDemand vm, HostCandidate host, ClusterSnapshot cluster);
}
