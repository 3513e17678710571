/**
 * Placement (DESIGN decision 5): a pipeline over an immutable snapshot of the cluster. Hard
 * {@link HostFilter}s reject hosts with a reason a person can read; weighted {@link HostScorer}s
 * rank the rest. The scheduler never touches the network or the database: callers build the
 * {@link ClusterSnapshot} and apply the {@link Placement}, re-checking it under a lock.
 */
package dev.flotilla.manager.scheduling;
