package dev.flotilla.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Live migration of an idle guest between two hosts on this machine, done raw (QEMU and QMP only,
 * {@link RawMigration}) and through Flotilla's API ({@link ApiMigration}), in one run, N times
 * back and forth each; prints QEMU's downtime and total time and the wall time of both side by side.
 * The guests have no disk (direct kernel boot): the migration moves RAM and device state only.
 *
 * <pre>
 * java -cp flotilla-bench/target/flotilla-bench-0.1.0-SNAPSHOT-all.jar dev.flotilla.bench.MigrationBench \
 *   --memory-mib 1024 --rounds 10 --topology namespaces --work-dir /tmp/mb      (from the repository root, as root)
 * </pre>
 */
public final class MigrationBench {

    static final String USAGE = """
            Usage: java -cp flotilla-bench-all.jar dev.flotilla.bench.MigrationBench [--option value]...
            Live migration, raw QEMU against Flotilla's API, on one machine (root needed for namespaces).
              --memory-mib N         guest memory (default 1024)
              --rounds N             migrations per side, alternately host1 → host2 and back (default 10)
              --topology T           namespaces (default): two host network namespaces of the benchmark's own on a
                                     bridge, the manager in the root namespace; loopback: everything on 127.0.0.1
              --work-dir DIR         output: result.md, logs, QEMU and agent files (default /tmp/flotilla-migrationbench-<time>)
              --manager-jar JAR      (default flotilla-manager/target/flotilla-manager-0.1.0-SNAPSHOT-exec.jar)
              --agent-jar JAR        (default flotilla-agent/target/flotilla-agent-0.1.0-SNAPSHOT-all.jar)
              --guest-script FILE    the test guest's build script (default tools/test-guest/build.sh)
              --accel tcg|kvm        (default tcg)
              --qemu BINARY          (default qemu-system-x86_64)
              --subnet A.B.C         the namespaces' /24 (default 10.219.0; hosts .11 and .12, manager .1)
              --namespace-prefix P   (default flotilla-mb)
              --raw-port N           the raw incoming QEMU's port (default 49152)
              --poll-ms N            0 (default): the POST waits for the migration's end (--post-wait), else one long poll
                                     GET /vms/{id}/migration?wait=60 follows it, then one GET /vms/{id}; N > 0: poll
                                     GET /vms/{id} every N ms instead
              --post-wait S          with --poll-ms 0: POST /vms/{id}/migrate?wait=S (default 60); 0: the POST answers 202 at
                                     once and the long poll follows (the two-call way of sessions 5 to 7)
              --order O              interleaved (default): raw round 1, Flotilla round 1, raw round 2, … with both guests up
                                     throughout, so both sides see the same load; sequential: all raw rounds, then Flotilla's
              --pause-ms N           pause before each migration, so the guest ticks on each host (default 1000)
              --warmup N             rounds run first on both sides and left out of the figures (default 10): the manager's and
                                     agents' JIT compiles the migration path then, as in a manager that has run a while
              --steps on|off         off (default): no watcher; on: a thread reads the target's /proc/net/tcp and the source
                                     QEMU's pid every millisecond to split Flotilla's wall time into steps (it takes CPU
                                     from QEMU on a 2-core machine, so the headline figures come from a run without it)
              --manager-heap SIZE    (default 1g)
              --manager-args "A B"   extra manager arguments, e.g. "--logging.level.org.springframework.jdbc.core=DEBUG"
              --help                 this text
            """;

    private MigrationBench() {
    }

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(USAGE);
            return;
        }
        Options o = Options.parse(args);
        int memory = o.integer("memory-mib", 1024);
        int rounds = o.integer("rounds", 10);
        int warmup = o.integer("warmup", 10);
        String stepsOption = o.string("steps", "off");
        if (!stepsOption.equals("on") && !stepsOption.equals("off")) {
            throw new IllegalArgumentException("--steps is on or off, not " + stepsOption);
        }
        boolean watchSteps = stepsOption.equals("on");
        String topology = o.string("topology", "namespaces");
        if (!topology.equals("namespaces") && !topology.equals("loopback")) {
            throw new IllegalArgumentException("--topology is namespaces or loopback, not " + topology);
        }
        String accel = o.string("accel", "tcg");
        long pause = o.integer("pause-ms", 1000);
        String order = o.string("order", "interleaved");
        if (!order.equals("interleaved") && !order.equals("sequential")) {
            throw new IllegalArgumentException("--order is interleaved or sequential, not " + order);
        }
        String qemu = o.string("qemu", "qemu-system-x86_64");
        Path work = Path.of(o.string("work-dir", "/tmp/flotilla-migrationbench-" + System.currentTimeMillis())).toAbsolutePath();
        Files.createDirectories(work);

        Report report = new Report("MigrationBench: live migration of a %d MiB idle guest, raw QEMU vs Flotilla's API, %d rounds each, %s"
                .formatted(memory, rounds, topology));
        report.add("load average before", Report.loadAverage(), "/proc/loadavg");
        report.add("machine", machine(qemu), "nproc, /proc/meminfo, qemu --version, java.version");
        TestGuestImage guest = TestGuestImage.build(Path.of(o.string("guest-script", "tools/test-guest/build.sh")).toAbsolutePath());
        report.add("guest", "tools/test-guest (Debian kernel + busybox initramfs), 1 vCPU, %d MiB, accel %s, **no disk** (direct kernel boot: "
                .formatted(memory, accel) + "RAM and device state only), idle apart from a tick per second; `-append \"" + guest.cmdline() + "\"`", "");
        report.add("migration settings", "downtime-limit %d ms, max-bandwidth 10 GiB/s, capabilities events on, auto-converge off, postcopy-ram off"
                .formatted(RawMigration.DOWNTIME_LIMIT_MS), "raw: set over QMP like the agent; Flotilla: its defaults (POST /migrate with no body)");

        HostPair hosts = topology.equals("loopback") ? HostPair.loopback()
                : HostPair.namespaces(o.string("namespace-prefix", "flotilla-mb"), o.string("subnet", "10.219.0"));
        Thread cleanup = new Thread(hosts::close, "migrationbench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            report.add("topology", hosts.description(), "");
            double enter = hosts.enterCostMs();
            if (enter > 0) {
                report.add("`ip netns exec NS true`", Latencies.ms(enter) + " ms (best of 5)", "what entering a namespace adds to each raw QEMU launch");
            }

            RawMigration rawRun = new RawMigration(hosts, guest, memory, qemu, accel, work.resolve("raw"), o.integer("raw-port", 49152), pause);
            ApiMigration apiRun = new ApiMigration(hosts, guest, memory, work.resolve("flotilla"),
                    Path.of(o.string("manager-jar", "flotilla-manager/target/flotilla-manager-0.1.0-SNAPSHOT-exec.jar")).toAbsolutePath(),
                    Path.of(o.string("agent-jar", "flotilla-agent/target/flotilla-agent-0.1.0-SNAPSHOT-all.jar")).toAbsolutePath(),
                    accel, o.string("manager-heap", "1g"), o.integer("poll-ms", 0), o.integer("post-wait", 60), pause, watchSteps,
                    Arrays.stream(o.string("manager-args", "").split("\\s+")).filter(a -> !a.isBlank()).toList());
            RawMigration.Result raw;
            ApiMigration.Result api;
            try (rawRun; apiRun) {
                if (order.equals("interleaved")) {
                    report.add("order", "interleaved: both guests boot first, then raw round 1, Flotilla round 1, raw round 2, …",
                            "so that both see the same load on a shared machine; each side's idle guest runs during the other's rounds");
                    rawRun.boot();
                    apiRun.start();
                    for (int n = 1 - warmup; n <= rounds; n++) {
                        rawRun.round(n);
                        apiRun.round(n);
                        if (n == 0) {
                            rawRun.forgetRounds();
                            apiRun.forgetRounds();
                        }
                    }
                    raw = rawRun.finish();
                    rawRun.close();
                } else {
                    report.add("order", "sequential: all raw rounds (then raw QEMU stopped), then the Flotilla run", "");
                    rawRun.boot();
                    for (int n = 1 - warmup; n <= rounds; n++) {
                        rawRun.round(n);
                        if (n == 0) {
                            rawRun.forgetRounds();
                        }
                    }
                    raw = rawRun.finish();
                    rawRun.close();
                    report.add("load average between", Report.loadAverage(), "/proc/loadavg");
                    apiRun.start();
                    for (int n = 1 - warmup; n <= rounds; n++) {
                        apiRun.round(n);
                        if (n == 0) {
                            apiRun.forgetRounds();
                        }
                    }
                }
                api = apiRun.finish();
            }
            report.add("raw: source QEMU command line", code(hosts.first().inside(raw.startArgv())), "the agent's shape (QemuCommandLine), own files");
            report.add("raw: incoming QEMU command line", code(raw.incomingArgv()), "then QMP migrate-incoming tcp:0.0.0.0:PORT");
            report.add("raw: guest kept ticking", raw.ticking(), "serial logs");

            report.add("Flotilla: how the client follows a migration", o.integer("poll-ms", 0) > 0 ? "GET /vms/{id} every " + o.integer("poll-ms", 0) + " ms"
                    : o.integer("post-wait", 60) > 0 ? "POST …/migrate?wait=" + o.integer("post-wait", 60) + " (answers at the end)"
                    : "POST …/migrate (202), then GET …/migration?wait=60", "--poll-ms, --post-wait");
            report.add("Flotilla: QEMU command line", code(api.startArgv()), "read from /proc/<pid>/cmdline of the VM's QEMU");
            report.add("Flotilla: incoming QEMU command line", code(api.incomingArgv()), "read from /proc after the first migration");
            report.add("Flotilla: guest kept ticking", api.ticking(), "serial logs in the agents' VM directories");
            report.add("Flotilla: WARN/ERROR lines in manager and agent logs", Integer.toString(api.logProblems().size()),
                    "listed below when there are any");
            report.add("Flotilla: each API request that followed a migration", api.pollGets().summary() + ", mean " + Latencies.ms(api.pollGets().meanMs()) + " ms",
                    o.integer("poll-ms", 0) == 0 ? "p50 / p90 / p99 / max; per round one long poll `GET /migration?wait=60` (it lasts the migration) and one `GET /vms/{id}`"
                            : "p50 / p90 / p99 / max; a poll is this plus the " + o.integer("poll-ms", 0) + " ms sleep");
            report.add("load average after", Report.loadAverage(), "/proc/loadavg");

            report.section(comparison(raw.rounds(), api.rounds()));
            if (watchSteps) {
                report.section(steps(raw.rounds(), api.rounds()));
            }
            report.section(phases(api.rounds()));
            report.section(cpu(raw.rounds(), api.rounds()));
            report.section(perRound(raw.rounds(), api.rounds()));
            report.section(list("Events of the VM (GET /events?objectId=…)", api.events()));
            if (!api.logProblems().isEmpty()) {
                report.section(list("WARN/ERROR lines in the manager's and agents' logs", api.logProblems()));
            }
        } finally {
            hosts.close();
            Runtime.getRuntime().removeShutdownHook(cleanup);
            String md = report.markdown();
            System.out.println(md);
            Files.writeString(work.resolve("result.md"), md);
            System.err.println("result: " + work.resolve("result.md"));
        }
        System.exit(0);
    }

    private static String comparison(List<RawMigration.Round> raw, List<ApiMigration.Round> api) {
        StringBuilder b = new StringBuilder("""
                | measure, ms: min / median / max (n=%d each) | raw QEMU | Flotilla API | Flotilla ÷ raw, medians |
                |---|---|---|---|
                """.formatted(raw.size()));
        Latencies rawDown = of(raw, r -> r.downtimeMs());
        Latencies apiDown = of(api, r -> r.downtimeMs());
        Latencies rawWall = of(raw, RawMigration.Round::wallMs);
        Latencies rawSeq = of(raw, RawMigration.Round::sequenceMs);
        Latencies apiWall = of(api, ApiMigration.Round::wallMs);
        row(b, "QEMU downtime (`query-migrate` → `downtime`)", rawDown, apiDown);
        row(b, "QEMU total time (`total-time`: `migrate` → completed)", of(raw, r -> r.totalTimeMs()), of(api, r -> r.totalTimeMs()));
        row(b, "**wall**: raw `migrate` sent → `completed` event read; Flotilla `POST /migrate` → the API answers that the VM is Up on "
                + "the target (the long poll `GET /migration?wait=` answers Completed, which it does only once the VM's row says Up there)",
                rawWall, apiWall);
        row(b, "**wall against the whole raw sequence**: raw exec of the incoming QEMU → QMP → `migrate-incoming` → capabilities, "
                + "parameters → `migrate` → `completed`; Flotilla as above", rawSeq, apiWall);
        row(b, "getting the target ready: raw exec of the incoming QEMU → `migrate-incoming` answered; Flotilla `POST` → the target agent "
                + "launches QEMU (its stamp in qemu.log)", of(raw, RawMigration.Round::listeningMs), of(api, ApiMigration.Round::launchMs));
        row(b, "raw `migrate` → the target answers `query-status` running", of(raw, RawMigration.Round::targetRunningMs), null);
        row(b, "Flotilla `POST /migrate` answered (202)", null, of(api, ApiMigration.Round::callMs));
        row(b, "Flotilla `POST /migrate` → a following `GET /vms/{id}` shows Up on the target (one more request after the wall's end)",
                null, of(api, ApiMigration.Round::vmSeenMs));
        row(b, "Flotilla manager's own `startedAt` → `endedAt` (GET /migration)", null, of(api, ApiMigration.Round::managerMs));
        row(b, "not QEMU's total time: raw sequence − total-time; Flotilla wall − total-time",
                of(raw, r -> r.sequenceMs() - r.totalTimeMs()), of(api, r -> r.wallMs() - r.totalTimeMs()));
        row(b, "RAM transferred, MiB", of(raw, r -> r.transferredBytes() / 1048576.0), of(api, r -> r.transferredBytes() / 1048576.0));
        double downMedian = apiDown.percentileMs(50);
        double ratio = apiWall.percentileMs(50) / rawSeq.percentileMs(50);
        b.append("\nGoals (issue 4): Flotilla's downtime median ≤ 20 ms: **%s** (%s ms); Flotilla's wall ≤ 1.3 × the raw sequence: **%s** (%.2f ×; %.2f × raw `migrate` → completed).\n"
                .formatted(downMedian <= 20 ? "met" : "not met", Latencies.ms(downMedian), ratio <= 1.3 ? "met" : "not met", ratio,
                        apiWall.percentileMs(50) / rawWall.percentileMs(50)));
        return b.toString();
    }

    /** The wall time split into consecutive steps; each side's steps add up to its wall (raw: the whole sequence). */
    private static String steps(List<RawMigration.Round> raw, List<ApiMigration.Round> api) {
        StringBuilder b = new StringBuilder("""
                Where the time goes — consecutive steps, ms: min / median / max. Flotilla's are seen from outside: the
                agent's launch stamp in qemu.log, the target port in the target namespace's /proc/net/tcp (LISTEN, then the
                migration stream ESTABLISHED), the source QEMU's pid gone, all checked every millisecond.

                | step | raw QEMU | Flotilla API | Flotilla ÷ raw, medians |
                |---|---|---|---|
                """);
        row(b, "1. until the target host starts QEMU (Flotilla: POST, the manager's transaction, gRPC to the target agent)",
                null, of(api, ApiMigration.Round::launchMs));
        row(b, "2. QEMU start until it listens (exec, QMP, `migrate-incoming`; raw includes `ip netns exec`)",
                of(raw, RawMigration.Round::listeningMs), of(api, r -> r.listeningMs() - r.launchMs()));
        row(b, "3. listening until the source starts sending (the target's answer, manager, gRPC to the source agent; "
                + "capabilities, parameters, `migrate`)", of(raw, r -> r.sequenceMs() - r.wallMs() - r.listeningMs()),
                of(api, r -> r.connectedMs() - r.listeningMs()));
        row(b, "4. migration (raw: `migrate` → completed event; Flotilla: stream connected → source QEMU gone, i.e. also the "
                + "agent noticing QEMU's completed event and `quit`)", of(raw, RawMigration.Round::wallMs),
                of(api, r -> r.sourceGoneMs() - r.connectedMs()));
        row(b, "   4a. of which beyond QEMU's total-time", of(raw, r -> r.wallMs() - r.totalTimeMs()),
                of(api, r -> r.sourceGoneMs() - r.connectedMs() - r.totalTimeMs()));
        row(b, "5. source gone until the client sees Up on the target (the source agent's answer, the manager's update, "
                + "the client's request)", null, of(api, r -> r.wallMs() - r.sourceGoneMs()));
        return b.toString();
    }

    /** Flotilla's wall split at the manager's timeline marks (no watcher needed: the manager and the agent time themselves). */
    private static String phases(List<ApiMigration.Round> api) {
        StringBuilder b = new StringBuilder("""
                Where Flotilla's wall time goes, from the manager's migration timeline (`GET /vms/{id}/migration` →
                `timeline`) and the source agent's own figures; consecutive, adding up to the wall. ms: min / median / max.

                | step | Flotilla API |
                |---|---|
                """);
        for (String phase : MigrationPhases.PHASES) {
            Latencies l = of(api, r -> r.phasesMs().getOrDefault(phase, Double.NaN));
            b.append("| %s | %s |\n".formatted(phase, l.minMedianMax()));
        }
        return b.toString();
    }

    /** CPU each process used inside a round (raw: the incoming QEMU's exec → target running; Flotilla: POST → Up seen). */
    private static String cpu(List<RawMigration.Round> raw, List<ApiMigration.Round> api) {
        StringBuilder b = new StringBuilder("""
                CPU used inside each round's window, ms of CPU: min / median / max ({@link WindowCpu}: /proc utime + stime,
                10 ms ticks, sampled every 10 ms). On 2 cores, what is not QEMU competes with QEMU's migration thread, its
                vCPU and the incoming QEMU.

                | process | raw QEMU | Flotilla API | Flotilla ÷ raw, medians |
                |---|---|---|---|
                """.replace("{@link WindowCpu}", "`WindowCpu`"));
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        raw.forEach(r -> names.addAll(r.cpuMs().keySet()));
        api.forEach(r -> names.addAll(r.cpuMs().keySet()));
        for (String name : names) {
            row(b, name, raw.get(0).cpuMs().containsKey(name) ? of(raw, r -> r.cpuMs().getOrDefault(name, Double.NaN)) : null,
                    api.get(0).cpuMs().containsKey(name) ? of(api, r -> r.cpuMs().getOrDefault(name, Double.NaN)) : null);
        }
        row(b, "all of them", of(raw, r -> r.cpuMs().values().stream().mapToDouble(Double::doubleValue).sum()),
                of(api, r -> r.cpuMs().values().stream().mapToDouble(Double::doubleValue).sum()));
        return b.toString();
    }

    private static void row(StringBuilder b, String what, Latencies raw, Latencies api) {
        String ratio = raw != null && api != null && raw.percentileMs(50) > 0
                ? "%.2f ×".formatted(api.percentileMs(50) / raw.percentileMs(50)) : "";
        b.append("| ").append(what).append(" | ").append(raw == null ? "–" : raw.minMedianMax()).append(" | ")
                .append(api == null ? "–" : api.minMedianMax()).append(" | ").append(ratio).append(" |\n");
    }

    private static <R> Latencies of(List<R> rounds, ToDoubleFunction<R> ms) {
        Latencies l = new Latencies();
        for (R r : rounds) {
            double v = ms.applyAsDouble(r);
            if (!Double.isNaN(v)) {
                l.recordNanos((long) (v * 1e6));
            }
        }
        return l;
    }

    private static String perRound(List<RawMigration.Round> raw, List<ApiMigration.Round> api) {
        StringBuilder b = new StringBuilder("""
                <details><summary>every round (ms)</summary>

                | # | raw | `migrate`→completed | sequence | downtime | total | Flotilla | POST→Up | 202 | →launch | →listening | →connected | →source gone | manager | downtime | total |
                |---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
                """);
        for (int i = 0; i < Math.max(raw.size(), api.size()); i++) {
            b.append("| ").append(i + 1);
            if (i < raw.size()) {
                RawMigration.Round r = raw.get(i);
                b.append(" | %s→%s | %.1f | %.1f | %d | %d".formatted(r.from(), r.to(), r.wallMs(), r.sequenceMs(), r.downtimeMs(), r.totalTimeMs()));
            } else {
                b.append(" | | | | | ");
            }
            if (i < api.size()) {
                ApiMigration.Round r = api.get(i);
                b.append(" | %s→%s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %d | %d |\n".formatted(r.from(), r.to(), r.wallMs(),
                        r.callMs(), r.launchMs(), r.listeningMs(), r.connectedMs(), r.sourceGoneMs(), r.managerMs(), r.downtimeMs(), r.totalTimeMs()));
            } else {
                b.append(" | | | | | | | | | | |\n");
            }
        }
        return b.append("\n</details>\n").toString();
    }

    private static String list(String title, List<String> lines) {
        StringBuilder b = new StringBuilder("<details><summary>" + title + "</summary>\n\n```\n");
        lines.forEach(l -> b.append(l).append('\n'));
        return b.append("```\n</details>\n").toString();
    }

    private static String code(List<String> argv) {
        return argv == null ? "?" : "`" + String.join(" ", argv).replace("|", "\\|") + "`";
    }

    private static String machine(String qemu) {
        List<String> parts = new ArrayList<>();
        parts.add(Runtime.getRuntime().availableProcessors() + " CPUs");
        try {
            Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:")).findFirst()
                    .ifPresent(l -> parts.add("%.1f GiB RAM".formatted(Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0)));
            Process p = new ProcessBuilder(qemu, "--version").redirectErrorStream(true).start();
            parts.add(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("?"));
            p.waitFor();
        } catch (IOException | InterruptedException | RuntimeException e) {
            parts.add("(" + e.getMessage() + ")");
        }
        parts.add("Java " + System.getProperty("java.version"));
        return String.join(", ", parts);
    }
}
