package dev.flotilla.bench;

import dev.flotilla.agent.Agent;
import dev.flotilla.agent.driver.simulated.SimulatedDriverConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * A fleet of N simulated agents in this JVM against one manager process: enrollment until all are
 * Up, placement of N×10 VMs through the API, the manager's steady-state CPU and memory, heartbeats
 * handled, VM list latency, and how long it takes to notice dead hosts (stream closed, and silent).
 * Prints a Markdown table; see BENCHMARKS.md for the numbers it made.
 *
 * <pre>
 * java -Xmx3g -cp flotilla-bench/target/flotilla-bench-0.1.0-SNAPSHOT-all.jar dev.flotilla.bench.FleetBench \
 *   --hosts 500 --vms-per-host 10 --manager-jar flotilla-manager/target/flotilla-manager-0.1.0-SNAPSHOT-exec.jar
 * </pre>
 */
public final class FleetBench {

    /** Kept here: java.util.logging holds loggers weakly, and a collected one would forget its level. */
    private static final Logger QUIET = Logger.getLogger("dev.flotilla");

    private FleetBench() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        QUIET.setLevel(Level.WARNING);
        int hosts = o.integer("hosts", 500);
        int vmsPerHost = o.integer("vms-per-host", 10);
        int clients = o.integer("clients", 8);
        Duration heartbeat = Duration.ofSeconds(o.integer("heartbeat-seconds", 3));
        Duration connectingAfter = Duration.ofSeconds(o.integer("connecting-after-seconds", 8));
        Duration nonResponsiveAfter = Duration.ofSeconds(o.integer("non-responsive-after-seconds", 30));
        int closed = o.integer("close", Math.max(1, hosts / 20));
        int silent = o.integer("silent", Math.max(1, Math.min(50, hosts / 20)));
        Path work = Path.of(o.string("work-dir", "/tmp/flotilla-bench-" + hosts + "-" + System.currentTimeMillis()));
        Files.createDirectories(work);
        List<String> spring = List.of(
                "--flotilla.agentlink.heartbeat-interval=PT" + heartbeat.toSeconds() + "S",
                "--flotilla.hosts.connecting-after=PT" + connectingAfter.toSeconds() + "S",
                "--flotilla.hosts.non-responsive-after=PT" + nonResponsiveAfter.toSeconds() + "S",
                "--flotilla.db.pool-size=" + o.integer("db-pool", 20),
                "--flotilla.agentlink.threads=" + o.integer("link-threads", 32));

        Report report = new Report("FleetBench: %d hosts × %d VMs".formatted(hosts, vmsPerHost));
        report.add("load average before", Report.loadAverage(), "/proc/loadavg");
        try (ManagerProcess manager = ManagerProcess.start(Path.of(o.required("manager-jar")), work, o.string("manager-heap", "2g"), spring)) {
            report.add("manager start", "%.1f s".formatted(manager.awaitHealthy(Duration.ofMinutes(3))), "process start until /actuator/health is UP");
            Api api = new Api(manager.baseUrl(), ManagerProcess.ADMIN_PASSWORD);
            ProcessProbe probe = new ProcessProbe(manager.pid(), manager.postmasterPidFile());

            long t = System.nanoTime();
            List<String> tokens = tokens(api, hosts, clients);
            report.add("enrollment tokens", "%.1f s".formatted((System.nanoTime() - t) / 1e9), hosts + " × POST /hosts/enrollment-tokens, " + clients + " clients");

            SimulatedDriverConfig host = new SimulatedDriverConfig(o.integer("host-cpus", 8), o.integer("host-memory-mib", 16384),
                    5900, 5999, SimulatedDriverConfig.defaults(null).faults(), Duration.ofSeconds(1), null);
            t = System.nanoTime();
            ProcessProbe.Mark cpu0 = probe.mark();
            try (Fleet fleet = Fleet.start(tokens, manager.agentPort(), silent, work.resolve("agents"), host,
                    o.integer("io-threads", 2), o.integer("worker-threads", 4))) {
                double enrolled = (System.nanoTime() - t) / 1e9;
                int up = awaitUp(api, hosts, Duration.ofSeconds(o.integer("up-patience-seconds", 60)));
                long upNanos = System.nanoTime() - t;
                report.add(up == hosts ? "all hosts Up" : "hosts Up: only %d of %d".formatted(up, hosts), "%.1f s".formatted(upNanos / 1e9),
                        "agents started (enrollment %.1f s) until the API lists %d hosts Up%s; %s meanwhile".formatted(enrolled, up,
                                up == hosts ? "" : " and no more for a minute (" + notUp(api) + ")", probe.cpuSince(cpu0)));

                cpu0 = probe.mark();
                var placed = PlacementRun.run(api, hosts * vmsPerHost, clients, 1, o.integer("vm-memory-mib", 256),
                        Duration.ofSeconds(o.integer("placement-budget-seconds", 0)));
                report.add("VMs created and started", "%d of %d in %.1f s (%.1f starts/s), %d failed%s".formatted(placed.started(), hosts * vmsPerHost,
                        placed.seconds(), placed.started() / placed.seconds(), placed.failed(),
                        placed.firstFailure() == null ? "" : "; first: " + placed.firstFailure().replace('|', '/')),
                        clients + " client threads, each POST /vms then POST /vms/{id}/start; " + probe.cpuSince(cpu0));
                report.add("VM create latency p50/p90/p99/max", placed.creates().summary(), "POST /vms");
                report.add("placement (start) latency p50/p90/p99/max", placed.starts().summary(),
                        "POST /vms/{id}/start: scheduler pass + command to the host + its answer");
                for (int q = 0; q < 4; q++) {
                    report.add("placement latency, fill %d–%d%%".formatted(q * 25, q * 25 + 25), placed.quarters()[q].summary(),
                            "same, by how full the cluster was");
                }

                var steady = SteadyState.sample(probe, Duration.ofSeconds(o.integer("steady-seconds", 60)));
                report.add("manager CPU, steady", "JVM %.1f%% mean, %.1f%% busiest 5 s; PostgreSQL %.1f%% mean".formatted(steady.meanCpuPercent(),
                                steady.maxCpuPercent(), steady.meanDbCpuPercent()),
                        "percent of one core, utime+stime from /proc over %.0f s, no API calls".formatted(steady.seconds()));
                report.add("manager RSS / heap used", "%d MiB / %d MiB".formatted(steady.maxRssMiB(), steady.heapUsedMiB()),
                        "VmRSS max over the window; jcmd GC.heap_info after it (heap -Xmx" + o.string("manager-heap", "2g") + ")");

                cpu0 = probe.mark();
                var beats = HeartbeatWatch.watch(api, Duration.ofSeconds(o.integer("heartbeat-watch-seconds", 30)));
                report.add("heartbeats handled", "%.0f/s (expected %.0f/s)".formatted(beats.perSecond(), hosts / (double) heartbeat.toSeconds()),
                        "new lastHeartbeatAt values seen over %.0f s, %d polls of every host; %s incl. the polling"
                                .formatted(beats.seconds(), beats.polls(), probe.cpuSince(cpu0)));
                report.add("oldest heartbeat seen", "%.1f s".formatted(beats.maxAgeSeconds()), "max of now − lastHeartbeatAt over all hosts and polls (interval " + heartbeat.toSeconds() + " s)");
                report.add("hosts not Up during the watch", Integer.toString(beats.maxNotUp()), "most seen in one poll");
                report.add("host list, all pages", beats.listAll().summary(), "GET /hosts?size=1000 for every page");

                int requests = o.integer("list-requests", 200);
                report.add("VM list latency p50/p90/p99/max", listLatency(api, "/vms?size=50", requests).summary(), "GET /vms?size=50, sequential");
                report.add("VM list by status p50/p90/p99/max", listLatency(api, "/vms?status=Up&size=1", requests).summary(), "GET /vms?status=Up&size=1, sequential");

                detection(api, fleet, closed, report, nonResponsiveAfter);
                report.add("load average after", Report.loadAverage(), "/proc/loadavg");
            }
        } finally {
            String md = report.markdown();
            System.out.println(md);
            Files.writeString(work.resolve("result.md"), md);
        }
        System.exit(0);
    }

    private static List<String> tokens(Api api, int n, int clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(api::enrollmentToken));
            }
            List<String> tokens = new ArrayList<>();
            for (Future<String> f : futures) {
                tokens.add(f.get());
            }
            return tokens;
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Waits until all hosts are Up, or until the count has not grown for {@code patience}: a host
     * that went Connecting on a late heartbeat may never come back while its stream stays open,
     * and the rest of the run is still worth having. Returns the hosts Up.
     */
    private static int awaitUp(Api api, int n, Duration patience) throws Exception {
        int best = 0;
        long lastGrowth = System.nanoTime();
        while (System.nanoTime() - lastGrowth < patience.toNanos()) {
            int up = api.hosts("Up").size();
            if (up >= n) {
                return up;
            }
            if (up > best) {
                best = up;
                lastGrowth = System.nanoTime();
            }
            Thread.sleep(500);
        }
        return best;
    }

    /** "7 Connecting: no heartbeat for 8 s, …" for the hosts that are not Up. */
    private static String notUp(Api api) throws Exception {
        Map<String, Long> byStatus = api.hosts(null).stream().filter(h -> !"Up".equals(h.status()))
                .collect(Collectors.groupingBy(Api.HostView::status, Collectors.counting()));
        return byStatus.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }

    private static Latencies listLatency(Api api, String path, int requests) throws Exception {
        Latencies l = new Latencies();
        for (int i = 0; i < requests; i++) {
            l.time(() -> api.get(path));
        }
        return l;
    }

    /** Kills some agents both ways at the same instant and times what the API shows. */
    private static void detection(Api api, Fleet fleet, int closedCount, Report report, Duration nonResponsiveAfter) throws Exception {
        List<Agent> toClose = fleet.closable(closedCount);
        List<Agent> toSilence = fleet.silenceable();
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        groups.put("stream closed", ids(toClose));
        groups.put("silent", ids(toSilence));
        long died = System.nanoTime();
        fleet.silence();
        toClose.forEach(Agent::close);
        var results = DeathWatch.watch(api, died, groups, nonResponsiveAfter.plusSeconds(60));
        for (var e : results.entrySet()) {
            var r = e.getValue();
            String n = " (" + groups.get(e.getKey()).size() + " hosts" + (r.missing() > 0 ? ", " + r.missing() + " never NonResponsive" : "") + ")";
            report.add("dead host → Connecting, " + e.getKey() + n, r.connecting().summary(),
                    e.getKey().equals("silent") ? "bytes dropped by a proxy, stream left open; API polled every 200 ms"
                            : "Agent.close(); API polled every 200 ms");
            report.add("dead host → NonResponsive, " + e.getKey(), r.nonResponsive().summary(), "");
        }
    }

    private static Set<String> ids(List<Agent> agents) {
        return Collections.unmodifiableSet(agents.stream().map(a -> a.hostId().orElseThrow()).collect(Collectors.toSet()));
    }
}
