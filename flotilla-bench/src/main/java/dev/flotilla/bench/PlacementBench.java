package dev.flotilla.bench;

import dev.flotilla.manager.scheduling.AffinityGroup;
import dev.flotilla.manager.scheduling.ClusterPolicy;
import dev.flotilla.manager.scheduling.ClusterSnapshot;
import dev.flotilla.manager.scheduling.HostCandidate;
import dev.flotilla.manager.scheduling.HostReach;
import dev.flotilla.manager.scheduling.Placement;
import dev.flotilla.manager.scheduling.Scheduler;
import dev.flotilla.manager.scheduling.SchedulingPolicy;
import dev.flotilla.manager.scheduling.VmDemand;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The scheduler's placement latency on large clusters (issue 4: p99 ≤ 10 ms at 5,000 hosts): one
 * {@link Scheduler#place} pass — every filter on every host, then the policy's weighted scores —
 * timed while a cluster fills up, for each built-in policy. The cluster holds what makes real
 * clusters slower than empty ones: affinity groups (hard and soft, positive and negative), pinned
 * VMs and VMs whose disks only one host reaches. The snapshot is built once per placement outside
 * the timing, as the manager builds it from the database before the pass (that part is in
 * FleetBench's API start figure). Both the wall time and the thread's CPU time of each pass are
 * reported.
 *
 * <pre>java -cp flotilla-bench-*-all.jar dev.flotilla.bench.PlacementBench --hosts 500,5000 --vms-per-host 4</pre>
 */
public final class PlacementBench {

    /**
     * The pass's CPU time as well as its wall time: on a shared 2-core machine the wall time also
     * counts the time other processes held the CPU; the thread's CPU time is what the pass costs.
     */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        Options o = Options.parse(args);
        int vmsPerHost = o.integer("vms-per-host", 4);
        int warmup = o.integer("warmup", 3000);
        List<String> rows = new ArrayList<>();
        for (String n : o.string("hosts", "500,5000").split(",")) {
            int hosts = Integer.parseInt(n.trim());
            for (SchedulingPolicy policy : SchedulingPolicy.BUILT_IN) {
                new Fill(hosts, policy).run(warmup, new Latencies(), new Latencies()); // JIT warm-up, thrown away
                Latencies wall = new Latencies();
                Latencies cpu = new Latencies();
                Fill fill = new Fill(hosts, policy);
                int placed = fill.run(hosts * vmsPerHost, wall, cpu);
                rows.add("| %,d | %s | %,d | %s | %s |".formatted(hosts, policy.name(), placed, wall.summary(), cpu.summary()));
                System.err.println(rows.get(rows.size() - 1));
            }
        }
        System.out.println("| hosts | policy | VMs placed | wall p50 / p90 / p99 / max | CPU p50 / p90 / p99 / max |");
        System.out.println("|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    /** One cluster filling up: each placement sees the committed resources of the ones before. */
    static final class Fill {
        final HostCandidate[] hosts;
        final Map<UUID, Integer> index = new HashMap<>();
        final Map<UUID, UUID> vmHosts = new HashMap<>();
        final List<AffinityGroup> groups = new ArrayList<>();
        final Map<UUID, Set<UUID>> pins = new HashMap<>();
        final ClusterPolicy policy;
        final Scheduler scheduler = new Scheduler();

        Fill(int count, SchedulingPolicy policy) {
            this.policy = new ClusterPolicy(100, 400, policy);
            hosts = new HostCandidate[count];
            for (int i = 0; i < count; i++) {
                // a few hosts in maintenance and a few loaded, as in a real fleet
                boolean up = i % 97 != 0;
                hosts[i] = new HostCandidate(new UUID(0, i), "host-%05d".formatted(i), up ? "Up" : "Maintenance", up, 32, 262_144,
                        0, 0, 0, "Intel Xeon", (i * 37) % 90);
                index.put(hosts[i].id(), i);
            }
            // 20 groups of 10 VMs each: hard negative, soft negative, hard positive, soft positive
            for (int g = 0; g < 20; g++) {
                Set<UUID> members = new HashSet<>();
                for (int k = 0; k < 10; k++) {
                    members.add(vmId(g * 50 + k));
                }
                groups.add(new AffinityGroup(UUID.randomUUID(), null, "g" + g, "", g % 4 >= 2, g % 2 == 0, members, Set.of(), 0, null));
            }
        }

        static UUID vmId(int i) {
            return new UUID(1, i);
        }

        int run(int vms, Latencies wall, Latencies cpu) {
            int placed = 0;
            for (int i = 0; i < vms; i++) {
                VmDemand vm = demand(i);
                ClusterSnapshot snapshot = new ClusterSnapshot("bench", policy, Arrays.asList(hosts), groups, vmHosts, pins);
                long c0 = THREADS.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                Placement p = scheduler.place(vm, snapshot);
                wall.recordNanos(System.nanoTime() - t0);
                cpu.recordNanos(THREADS.getCurrentThreadCpuTime() - c0);
                if (p.host().isPresent()) {
                    commit(vm, p.host().get());
                    placed++;
                }
            }
            return placed;
        }

        /** Every 100th VM is pinned to three hosts, every 100th (offset) has a local disk on one host. */
        VmDemand demand(int i) {
            VmDemand vm = new VmDemand(vmId(i), "vm-" + i, 2, 4096);
            if (i % 100 == 7) {
                Set<UUID> three = Set.of(hosts[i % hosts.length].id(), hosts[(i + 1) % hosts.length].id(), hosts[(i + 2) % hosts.length].id());
                pins.put(vm.vmId(), three);
            }
            if (i % 100 == 42) {
                vm = vm.reachableFrom(new HostReach(Set.of(hosts[(i * 7) % hosts.length].id()), "disk on a local domain"));
            }
            return vm;
        }

        void commit(VmDemand vm, HostCandidate h) {
            int i = index.get(h.id());
            hosts[i] = new HostCandidate(h.id(), h.name(), h.status(), true, h.cpuCores(), h.memoryMiB(), h.committedCpus() + vm.cpus(),
                    h.committedMemoryMiB() + vm.memoryMiB(), h.vmCount() + 1, h.cpuModel(), h.cpuLoadPercent());
            vmHosts.put(vm.vmId(), h.id());
        }
    }
}
