package dev.flotilla.manager.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The scheduler on a simulated cluster of 5,000 hosts, placing VMs one after another as the
 * manager would (each placement applied to the snapshot before the next). It checks decisions,
 * not speed: flotilla-bench measures placement latency.
 */
class SchedulerLargeClusterTest {

    static final int HOSTS = 5_000;

    /** A mutable fleet: the snapshot for each placement is a fresh immutable view of it. */
    static final class Fleet {
        final HostCandidate[] hosts = new HostCandidate[HOSTS];
        final Map<UUID, Integer> index = new HashMap<>();
        final Map<UUID, UUID> vmHosts = new HashMap<>();
        final List<AffinityGroup> groups = new ArrayList<>();
        final SchedulingPolicy policy;
        final Scheduler scheduler = new Scheduler();

        Fleet(SchedulingPolicy policy, int cores, long memMiB) {
            this.policy = policy;
            for (int i = 0; i < HOSTS; i++) {
                hosts[i] = new HostCandidate(new UUID(0, i), "host-%04d".formatted(i), "Up", true, cores, memMiB, 0, 0, 0);
                index.put(hosts[i].id(), i);
            }
        }

        ClusterSnapshot snapshot() {
            return new ClusterSnapshot("big", new ClusterPolicy(100, 400, policy), Arrays.asList(hosts), groups, vmHosts);
        }

        HostCandidate place(VmDemand vm) {
            Placement p = scheduler.place(vm, snapshot());
            HostCandidate h = p.host().orElseThrow(() -> new AssertionError("no host for " + vm.name() + ": " + p.rejections().size()));
            int i = index.get(h.id());
            hosts[i] = new HostCandidate(h.id(), h.name(), h.status(), true, h.cpuCores(), h.memoryMiB(), h.committedCpus() + vm.cpus(),
                    h.committedMemoryMiB() + vm.memoryMiB(), h.vmCount() + 1);
            vmHosts.put(vm.vmId(), h.id());
            return hosts[i];
        }

        int[] vmCounts() {
            return Arrays.stream(hosts).mapToInt(HostCandidate::vmCount).toArray();
        }
    }

    static VmDemand vm(int i, int cpus, long mem) {
        return new VmDemand(new UUID(1, i), "vm-" + i, cpus, mem);
    }

    @Test
    void evenlyDistributedGivesEveryHostOneVmBeforeAnyGetsTwo() {
        Fleet fleet = new Fleet(SchedulingPolicy.EVENLY_DISTRIBUTED, 16, 65536);
        for (int i = 0; i < HOSTS + 100; i++) {
            fleet.place(vm(i, 2, 2048));
        }
        int[] counts = fleet.vmCounts();
        assertThat(IntStream.of(counts).min().getAsInt()).isEqualTo(1);
        assertThat(IntStream.of(counts).max().getAsInt()).isEqualTo(2);
        assertThat(IntStream.of(counts).filter(c -> c == 2).count()).isEqualTo(100);
    }

    @Test
    void powerSavingPacksHostsUpToHighUtilizationAndLeavesTheRestEmpty() {
        Fleet fleet = new Fleet(SchedulingPolicy.POWER_SAVING, 8, 16384);
        int vms = 1_200;
        for (int i = 0; i < vms; i++) {
            fleet.place(vm(i, 1, 1024));
        }
        // 6 vCPUs of 8 cores is 75%, a 7th would pass HighUtilization (80%): 6 VMs per host
        int[] counts = fleet.vmCounts();
        assertThat(IntStream.of(counts).filter(c -> c > 0).count()).isEqualTo(vms / 6);
        assertThat(IntStream.of(counts).max().getAsInt()).isEqualTo(6);
    }

    @Test
    void vmEvenlyDistributedEvensOutTheNumberOfVms() {
        Fleet fleet = new Fleet(SchedulingPolicy.VM_EVENLY_DISTRIBUTED, 64, 262144);
        // a skewed start: every tenth host already runs 5 VMs
        for (int i = 0; i < HOSTS; i += 10) {
            HostCandidate h = fleet.hosts[i];
            fleet.hosts[i] = new HostCandidate(h.id(), h.name(), "Up", true, 64, 262144, 5, 5120, 5);
        }
        for (int i = 0; i < HOSTS; i++) {
            fleet.place(vm(i, 1, 1024));
        }
        // 5,000 new VMs: the 4,500 other hosts get one or two each, the crowded ones none
        int[] counts = fleet.vmCounts();
        assertThat(IntStream.range(0, HOSTS).filter(i -> i % 10 == 0).map(i -> counts[i])).containsOnly(5);
        assertThat(IntStream.range(0, HOSTS).filter(i -> i % 10 != 0).map(i -> counts[i])).containsOnly(1, 2);
    }

    @Test
    void affinityHoldsAtScale() {
        Fleet fleet = new Fleet(SchedulingPolicy.POWER_SAVING, 8, 16384);
        // 100 VMs that must run apart, in a policy that would pack them six to a host
        Set<UUID> apart = new java.util.HashSet<>();
        IntStream.range(0, 100).forEach(i -> apart.add(new UUID(1, i)));
        fleet.groups.add(new AffinityGroup(UUID.randomUUID(), null, "apart", "", false, true, apart, Set.of(), 0, null));
        // 4 VMs that must run together, and only on hosts 4000-4002
        Set<UUID> together = new java.util.HashSet<>();
        IntStream.range(1000, 1004).forEach(i -> together.add(new UUID(1, i)));
        Set<UUID> allowed = Set.of(new UUID(0, 4000), new UUID(0, 4001), new UUID(0, 4002));
        fleet.groups.add(new AffinityGroup(UUID.randomUUID(), null, "together", "", true, true, together, allowed, 0, null));

        List<UUID> apartHosts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            apartHosts.add(fleet.place(vm(i, 1, 1024)).id());
        }
        List<UUID> togetherHosts = new ArrayList<>();
        for (int i = 1000; i < 1004; i++) {
            togetherHosts.add(fleet.place(vm(i, 1, 1024)).id());
        }
        // a pinned VM ignores the packing
        HostCandidate pinned = fleet.place(vm(2000, 1, 1024).pinnedTo(Set.of(new UUID(0, 4999))));

        assertThat(apartHosts).doesNotHaveDuplicates();
        assertThat(Set.copyOf(togetherHosts)).hasSize(1);
        assertThat(allowed).contains(togetherHosts.get(0));
        assertThat(pinned.name()).isEqualTo("host-4999");
    }

    @Test
    void whenNoneOfTheHostsFitsEachOneSaysWhy() {
        Fleet fleet = new Fleet(SchedulingPolicy.NONE, 8, 16384);
        Placement p = fleet.scheduler.place(vm(1, 2, 32768), fleet.snapshot());
        assertThat(p.host()).isEmpty();
        assertThat(p.rejections()).hasSize(HOSTS).allMatch(r -> r.filter().equals("Memory")
                && r.reason().equals("needs 32768 MiB, 16384 MiB free"));
    }
}
