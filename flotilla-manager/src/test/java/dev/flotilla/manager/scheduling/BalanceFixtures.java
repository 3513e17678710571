package dev.flotilla.manager.scheduling;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Builders for the balancing tests: hosts with a steady CPU load history and the VMs on them. */
final class BalanceFixtures {

    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private BalanceFixtures() {
    }

    /** A sample every 30 s over the last {@code minutes}, all at {@code percent}. */
    static List<CpuSample> steady(double percent, int minutes) {
        List<CpuSample> out = new ArrayList<>();
        for (int s = minutes * 60; s >= 0; s -= 30) {
            out.add(new CpuSample(NOW.minusSeconds(s), percent));
        }
        return out;
    }

    static HostCandidate host(String name, double load, int vms) {
        return Fixtures.loaded(Fixtures.host(name, 16, 65536, vms, vms * 1024L, vms), load);
    }

    static List<VmDemand> vmsOn(HostCandidate h, String prefix, int count) {
        List<VmDemand> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = prefix + i;
            out.add(new VmDemand(UUID.nameUUIDFromBytes(name.getBytes()), name, 1, 1024L + i, h.id()));
        }
        return out;
    }

    static ClusterSnapshot cluster(SchedulingPolicy policy, HostCandidate... hosts) {
        return new ClusterSnapshot("c", new ClusterPolicy(100, 400, policy), List.of(hosts));
    }
}
