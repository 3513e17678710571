/**
 * The scheduler's configuration from the command line: affinity groups of a cluster
 * ({@code flotilla affinity-group}) and scheduling policies with their units
 * ({@code flotilla scheduling-policy}). A cluster's policy choice is {@code cluster set-policy}.
 */
package dev.flotilla.cli.scheduling;
