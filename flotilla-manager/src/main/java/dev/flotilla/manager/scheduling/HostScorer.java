package dev.flotilla.manager.scheduling;

/**
 * A soft preference: a score from 0 (worst) to 1 (best), so that weights compare like with like;
 * the scheduler multiplies it by the unit's weight in the cluster's policy.
 */
public interface HostScorer {

    String name();

    /** One sentence for the API's list of units. */
    String description();

    double score(VmDemand vm, HostCandidate host, ClusterSnapshot cluster);
}
