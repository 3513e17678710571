package dev.flotilla.manager.scheduling;

/** The cluster settings the scheduling units read. */
public record ClusterPolicy(int memoryOvercommitPercent, int cpuOvercommitPercent) {
}
