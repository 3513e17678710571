package dev.flotilla.manager.scheduling;

/**
 * One move balancing asks for: the VM, the host it leaves, the host the scheduler would give
 * it now (the caller may let the migration choose again) and why, in words for the event log.
 */
public record BalanceDecision(String balancer, VmDemand vm, HostCandidate from, HostCandidate to, String reason) {
}
