package dev.flotilla.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.agent.testlab.IpmiSim;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Host death to highly available VM Up elsewhere, the two ways issue 5 names, on two hosts in
 * network namespaces of its own (HostPair) with an ipmi_sim BMC each, as HaFleetTest builds them:
 * (1) with power management: every process of the VM's host is killed, the manager fences it
 * through the other host's agent (fence_ipmilan, BMC off confirmed) and restarts the VM there;
 * (2) lease expiry: the host's link is cut and its BMC unreachable, so the host self-fences and the
 * manager waits lease + drift + margin. Times are from the kill or the cut to the VM Up on the
 * other host, as the API says it. Needs root (namespaces), qemu, openipmi and fence-agents.
 */
public final class HaBench {

    private static final String USAGE = """
            Usage: java -cp flotilla-bench-all.jar dev.flotilla.bench.HaBench [--option value]...
              --rounds N             rounds of each kind (default 3)
              --manager-jar JAR      (default flotilla-manager/target/flotilla-manager-0.1.0-SNAPSHOT-exec.jar)
              --agent-jar JAR        (default flotilla-agent/target/flotilla-agent-0.1.0-SNAPSHOT-all.jar)
              --guest-script PATH    (default tools/test-guest/build.sh)
              --timers T             product (default): the manager's own timers (heartbeat 3 s, Connecting after 8 s,
                                     NonResponsive after 20 s, fence confirmed every 2 s, PoweringUp to Up 5 s, lease
                                     60 s, margin 10 s) but for the options below; short: HaFleetTest's timers (heartbeat
                                     1 s, Connecting after 3 s, checks every 250 ms, margin 0.5 s, Up at once)
              --non-responsive-after ISO-8601 duration (default: the manager's, PT20S; PT5S with --timers short)
              --lease ISO-8601 duration (default: the manager's, PT60S; PT6S with --timers short)
              --namespace-prefix P   (default flotilla-hb) --subnet A.B.C (default 10.218.0)
              --work-dir DIR
            """;
    private static final String BMC_USER = "admin";
    private static final String BMC_PASSWORD = "bench-bmc";
    private static final Duration WAIT = Duration.ofMinutes(3);

    private HaBench() {
    }

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(USAGE);
            return;
        }
        Options o = Options.parse(args);
        int rounds = o.integer("rounds", 3);
        String timerSet = o.string("timers", "product");
        if (!timerSet.equals("product") && !timerSet.equals("short")) {
            throw new IllegalArgumentException("--timers is product or short, not " + timerSet);
        }
        boolean shortTimers = timerSet.equals("short");
        String nonResponsive = o.string("non-responsive-after", shortTimers ? "PT5S" : "PT20S");
        String lease = o.string("lease", shortTimers ? "PT6S" : "PT60S");
        Path managerJar = Path.of(o.string("manager-jar", "flotilla-manager/target/flotilla-manager-0.1.0-SNAPSHOT-exec.jar")).toAbsolutePath();
        Path agentJar = Path.of(o.string("agent-jar", "flotilla-agent/target/flotilla-agent-0.1.0-SNAPSHOT-all.jar")).toAbsolutePath();
        Path work = Path.of(o.string("work-dir", "/tmp/flotilla-habench-" + System.currentTimeMillis())).toAbsolutePath();
        Files.createDirectories(work);
        TestGuestImage guest = TestGuestImage.build(Path.of(o.string("guest-script", "tools/test-guest/build.sh")).toAbsolutePath());
        List<String> timers = shortTimers ? List.of("--flotilla.agentlink.heartbeat-interval=PT1S", "--flotilla.hosts.connecting-after=PT3S",
                "--flotilla.hosts.non-responsive-after=" + nonResponsive, "--flotilla.hosts.check-interval-ms=250",
                "--flotilla.ha.lease=" + lease, "--flotilla.ha.lease-margin=PT0.5S", "--flotilla.ha.kill-budget=PT1S",
                "--flotilla.ha.retry-initial=PT1S", "--flotilla.ha.restart-interval-ms=250", "--flotilla.fencing.confirm-interval=PT0.5S",
                "--flotilla.fencing.timeout=PT20S", "--flotilla.vm.powering-up-delay=PT0.5S")
                : List.of("--flotilla.hosts.non-responsive-after=" + nonResponsive, "--flotilla.ha.lease=" + lease);

        HostPair pair = HostPair.namespaces(o.string("namespace-prefix", "flotilla-hb"), o.string("subnet", "10.218.0"));
        List<IpmiSim> bmcs = new ArrayList<>();
        ManagerProcess manager = null;
        Runtime.getRuntime().addShutdownHook(new Thread(pair::close, "habench-cleanup"));
        try {
            manager = ManagerProcess.start(managerJar, work, "1g", timers);
            manager.awaitHealthy(WAIT);
            Api api = new Api(manager.baseUrl(), ManagerProcess.ADMIN_PASSWORD);
            Map<String, HostPair.Host> byName = new LinkedHashMap<>();
            int n = 0;
            for (HostPair.Host h : List.of(pair.first(), pair.second())) {
                n++;
                List<String> agent = h.inside(List.of("java", "-jar", agentJar.toString(), "--name", "hbench-" + h.name(), "--state-dir",
                        work.resolve("agent-" + h.name()).toString(), "--manager", pair.managerAddress() + ":" + manager.agentPort(),
                        "--driver", "qemu", "--accel", "tcg", "--port-range", (49152 + 64 * n) + "-" + (49152 + 64 * n + 63), "--address", h.address()));
                List<String> enroll = new ArrayList<>(agent);
                enroll.addAll(List.of("--token", api.enrollmentToken()));
                Path log = work.resolve("agent-" + h.name() + ".log");
                new ProcessBuilder(enroll).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
                // its BMC: power off kills everything in its namespace, power on starts its agent again (already enrolled)
                bmcs.add(IpmiSim.forNamespace(work.resolve("bmc-" + h.name()), "hbench-" + h.name(), pair.managerAddress(), 6240 + n,
                        BMC_USER, BMC_PASSWORD, h.namespace(), agent, log));
                byName.put("hbench-" + h.name(), h);
            }
            Map<String, String> ids = awaitHostsUp(api, byName.keySet());
            for (String name : byName.keySet()) {
                setBmc(api, ids.get(name), pair.managerAddress(), 6240 + (name.endsWith("host1") ? 1 : 2));
            }
            String vm = api.createVm("hbench-ha", 1, 128, guest);
            api.put("/vms/" + vm + "/highavailability", Map.of("enabled", true, "priority", 100));
            api.startVm(vm);
            awaitVm(api, vm, null);

            Latencies fenced = new Latencies();
            Latencies fencedRunning = new Latencies();
            for (int r = 0; r < rounds; r++) {
                String victim = api.vm(vm).path("hostId").asText();
                HostPair.Host h = byName.get(nameOf(api, victim));
                long t0 = System.nanoTime();
                HostPair.run(List.of("sh", "-c", "ip netns pids " + h.namespace() + " | xargs -r kill -9"));
                fencedRunning.recordNanos(awaitVm(api, vm, victim, t0));
                fenced.recordNanos(System.nanoTime() - t0);
                awaitHost(api, victim, "Up"); // the fence's power on started its agent again
            }
            for (String name : byName.keySet()) {
                setBmc(api, ids.get(name), pair.managerAddress().replaceAll("\\.\\d+$", ".250"), 6240); // nobody answers there
            }
            Latencies leased = new Latencies();
            Latencies leasedRunning = new Latencies();
            for (int r = 0; r < rounds; r++) {
                String victim = api.vm(vm).path("hostId").asText();
                HostPair.Host h = byName.get(nameOf(api, victim));
                long t0 = System.nanoTime();
                pair.cut(h, true);
                try {
                    leasedRunning.recordNanos(awaitVm(api, vm, victim, t0));
                    leased.recordNanos(System.nanoTime() - t0);
                } finally {
                    pair.cut(h, false);
                }
                awaitHost(api, victim, "Up");
            }
            System.out.printf("HaBench: %d round(s) each; %s timers, NonResponsive after %s, lease %s%n", rounds, timerSet,
                    nonResponsive, lease);
            System.out.printf("  host death with power management -> HA VM running elsewhere (PoweringUp): %s%n", summary(fencedRunning));
            System.out.printf("  host death with power management -> HA VM Up elsewhere: %s%n", summary(fenced));
            System.out.printf("  partition, BMC unreachable (lease expiry) -> HA VM running elsewhere (PoweringUp): %s%n", summary(leasedRunning));
            System.out.printf("  partition, BMC unreachable (lease expiry) -> HA VM Up elsewhere: %s%n", summary(leased));
            System.out.printf("  logs in %s%n", work);
        } finally {
            bmcs.forEach(IpmiSim::close);
            pair.close();
            if (manager != null) {
                manager.close();
            }
        }
    }

    private static void setBmc(Api api, String hostId, String address, int port) throws Exception {
        api.put("/hosts/" + hostId + "/powermanagement", Map.of("address", address, "port", port, "username", BMC_USER,
                "password", BMC_PASSWORD, "cipher", "3", "options", "power_timeout=2"));
    }

    private static Map<String, String> awaitHostsUp(Api api, java.util.Set<String> names) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Map<String, String> ids = new LinkedHashMap<>();
            for (Api.HostView v : api.hosts("Up")) {
                if (names.contains(v.name())) {
                    ids.put(v.name(), v.id());
                }
            }
            if (ids.size() == names.size()) {
                return ids;
            }
            check(deadline, "both hosts Up");
        }
    }

    private static void awaitHost(Api api, String hostId, String status) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!status.equals(api.get("/hosts/" + hostId).path("status").asText())) {
            check(deadline, "host " + hostId + " " + status);
        }
    }

    /** Until the VM is Up on a host other than {@code awayFrom} (null: anywhere). */
    private static void awaitVm(Api api, String vm, String awayFrom) throws Exception {
        awaitVm(api, vm, awayFrom, System.nanoTime());
    }

    /**
     * Until the VM is Up on a host other than {@code awayFrom} (null: anywhere); returns the
     * nanoseconds from {@code t0} until it was first seen running there (PoweringUp or Up).
     */
    private static long awaitVm(Api api, String vm, String awayFrom, long t0) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long running = -1;
        while (true) {
            JsonNode v = api.vm(vm);
            String status = v.path("status").asText();
            boolean elsewhere = !v.path("hostId").asText().equals(awayFrom);
            if (running < 0 && elsewhere && (status.equals("PoweringUp") || status.equals("Up"))) {
                running = System.nanoTime() - t0;
            }
            if ("Up".equals(status) && elsewhere) {
                return running;
            }
            check(deadline, "VM " + vm + " Up" + (awayFrom == null ? "" : " away from " + awayFrom));
        }
    }

    private static void check(long deadline, String what) throws InterruptedException {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("waited " + WAIT.toMinutes() + " min for " + what);
        }
        Thread.sleep(100);
    }

    private static String nameOf(Api api, String hostId) throws Exception {
        return api.get("/hosts/" + hostId).path("name").asText();
    }

    private static String summary(Latencies l) {
        return "min / median / max " + l.minMedianMax() + " ms (n=" + l.count() + ")";
    }
}
