package dev.flotilla.manager.scheduling;

/** A soft preference: higher is better; the scheduler multiplies it by the unit's weight. */
public interface HostScorer {

    String name();

    double score(VmDemand vm, HostCandidate host, ClusterPolicy policy);
}
