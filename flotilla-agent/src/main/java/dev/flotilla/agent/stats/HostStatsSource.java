package dev.flotilla.agent.stats;

/** Where host statistics come from: the real /proc, or a simulated hypervisor's own figures. */
@FunctionalInterface
public interface HostStatsSource {
    HostStats sample();
}
