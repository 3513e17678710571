/**
 * Placement (DESIGN decision 5): a pipeline over an immutable snapshot of the cluster. Hard
 * {@link HostFilter}s reject hosts with a reason a person can read; weighted {@link HostScorer}s
 * rank the rest, each a score from 0 to 1. Which units run and with what weight is the cluster's
 * {@link SchedulingPolicy} (four built in, as oVirt's; custom ones stored and served at
 * {@code /api/v1/schedulingpolicies}; every unit listed at {@code /api/v1/schedulingpolicyunits}).
 * The {@link Scheduler} and its units never touch the network or the database: callers build the
 * {@link ClusterSnapshot} and apply the {@link Placement}, re-checking it under a lock.
 */
package dev.flotilla.manager.scheduling;
