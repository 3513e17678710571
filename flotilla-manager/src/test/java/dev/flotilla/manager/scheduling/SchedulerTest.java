package dev.flotilla.manager.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    static final ClusterPolicy NO_OVERCOMMIT = new ClusterPolicy(100, 400);
    final VmDemand vm = new VmDemand(UUID.randomUUID(), "web1", 2, 1024);

    static HostCandidate host(String name, boolean up, int cores, long mem, int usedCpus, long usedMem) {
        return new HostCandidate(UUID.randomUUID(), name, up ? "Up" : "Maintenance", up, cores, mem, usedCpus, usedMem, usedCpus);
    }

    @Test
    void theHostWithMostFreeMemoryWins() {
        var small = host("a", true, 4, 4096, 0, 2048);
        var big = host("b", true, 4, 8192, 0, 1024);

        Placement p = new Scheduler().place(vm, new ClusterSnapshot("Default", NO_OVERCOMMIT, List.of(small, big)));

        assertThat(p.host()).contains(big);
    }

    @Test
    void whenNoHostFitsEveryHostHasItsReason() {
        var full = host("full", true, 4, 2048, 0, 1500);
        var tiny = host("tiny", true, 1, 8192, 0, 0);
        var maint = host("maint", false, 8, 8192, 0, 0);

        Placement p = new Scheduler().place(vm, new ClusterSnapshot("Default", NO_OVERCOMMIT, List.of(full, tiny, maint)));

        assertThat(p.host()).isEmpty();
        assertThat(p.rejections()).extracting(Placement.Rejection::describe).containsExactlyInAnyOrder(
                "full: needs 1024 MiB, 548 MiB free (Memory)",
                "tiny: needs 2 vCPUs, host has 1 cores (CPU)",
                "maint: host is Maintenance, not Up (HostStatus)");
    }

    @Test
    void memoryOvercommitGivesMoreRoom() {
        var h = host("h", true, 4, 1024, 0, 512);

        assertThat(new MemoryFilter().check(vm, h, Fixtures.cluster(new ClusterPolicy(100, 400), h)).accepted()).isFalse();
        assertThat(new MemoryFilter().check(vm, h, Fixtures.cluster(new ClusterPolicy(200, 400), h)).accepted()).isTrue();
    }

    @Test
    void cpuOvercommitLimitsTheSumOfVcpus() {
        var h = host("h", true, 2, 65536, 7, 0);

        assertThat(new CpuFilter().check(vm, h, Fixtures.cluster(new ClusterPolicy(100, 400), h)).reason())
                .isEqualTo("would have 9 vCPUs on 2 cores, over the 400% overcommit limit of 8");
        assertThat(new CpuFilter().check(vm, h, Fixtures.cluster(new ClusterPolicy(100, 500), h)).accepted()).isTrue();
    }
}
