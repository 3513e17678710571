package dev.flotilla.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The floor a Flotilla migration is compared with: the same guest, the same QEMU command line
 * shape and the same migration settings, driven over QMP by this program with nothing else in the
 * way. The guest starts on the first host; each round starts a fresh {@code -incoming defer} QEMU
 * on the other host, has it listen ({@code migrate-incoming}), sets the source's capabilities and
 * parameters as the agent does (events on, auto-converge and post-copy off; downtime-limit 20 ms,
 * max-bandwidth 10 GiB/s), sends {@code migrate} and waits for the MIGRATION event that says
 * completed (read as it arrives: no poll interval), then quits the source, as the agent does.
 */
final class RawMigration implements AutoCloseable {

    /** Same as the agent's QemuMigration.UNLIMITED_BYTES_PER_SECOND. */
    static final long MAX_BANDWIDTH = 10L * 1024 * 1024 * 1024;
    static final int DOWNTIME_LIMIT_MS = 20;
    private static final Set<String> ENDED = Set.of("completed", "failed", "cancelled");

    /**
     * One migration. {@code listeningMs}: exec of the incoming QEMU until {@code migrate-incoming}
     * answered; {@code wallMs}: {@code migrate} sent until the completed event read;
     * {@code sequenceMs}: exec of the incoming QEMU until completed (every step a migration needs);
     * {@code targetRunningMs}: {@code migrate} sent until the target said running.
     */
    record Round(int n, String from, String to, double listeningMs, double wallMs, double sequenceMs, double targetRunningMs,
                 long downtimeMs, long totalTimeMs, long setupTimeMs, long transferredBytes, Map<String, Double> cpuMs) {
    }

    record Result(List<Round> rounds, List<String> startArgv, List<String> incomingArgv, String ticking) {
    }

    /** One QEMU of the run: where it runs, its files, its process and its QMP connection. */
    private record Instance(HostPair.Host host, Path dir, Process process, Qmp qmp) {
        Path serial() {
            return dir.resolve("serial.log");
        }
    }

    private final HostPair hosts;
    private final TestGuestImage guest;
    private final int memoryMiB;
    private final String qemuBinary;
    private final String accel;
    private final Path dir;
    private final int port;
    private final long pauseMillis;
    private final String vmId = UUID.randomUUID().toString();
    private final List<Instance> instances = new ArrayList<>();
    private final List<Round> rounds = new ArrayList<>();
    private Instance source;
    private Instance previous;
    private int tickBefore;

    RawMigration(HostPair hosts, TestGuestImage guest, int memoryMiB, String qemuBinary, String accel, Path dir, int port,
                 long pauseMillis) {
        this.hosts = hosts;
        this.guest = guest;
        this.memoryMiB = memoryMiB;
        this.qemuBinary = qemuBinary;
        this.accel = accel;
        this.dir = dir;
        this.port = port;
        this.pauseMillis = pauseMillis;
    }

    /** Starts the guest on the first host and waits until it has booted and ticks. */
    void boot() throws IOException, InterruptedException {
        source = launch(hosts.first(), false);
        source.qmp().execute("cont");
        System.err.println("raw: guest booting on " + source.host().name() + " (" + source.serial() + ")");
        TestGuestImage.awaitTick(source.serial(), 2, 300);
    }

    /** One migration to the other host, after the pause. */
    Round round(int n) throws IOException, InterruptedException {
        Thread.sleep(pauseMillis);
        HostPair.Host to = hosts.other(source.host());
        tickBefore = instances.stream().mapToInt(i -> TestGuestImage.lastTick(i.serial())).max().orElse(0);
        WindowCpu window = WindowCpu.start(Map.of("QEMU source", WindowCpu.process(source.process().pid()),
                "benchmark JVM", WindowCpu.process(ProcessHandle.current().pid())), "QEMU source");
        long t0 = System.nanoTime();
        Instance target = launch(to, true);
        window.add("QEMU target", WindowCpu.process(target.process().pid()));
        target.qmp().execute("migrate-incoming", Map.of("uri", "tcp:0.0.0.0:" + port));
        long listening = System.nanoTime();
        source.qmp().execute("migrate-set-capabilities", Map.of("capabilities", List.of(
                Map.of("capability", "events", "state", true),
                Map.of("capability", "auto-converge", "state", false),
                Map.of("capability", "postcopy-ram", "state", false))));
        source.qmp().execute("migrate-set-parameters", Map.of("downtime-limit", DOWNTIME_LIMIT_MS, "max-bandwidth", MAX_BANDWIDTH));
        source.qmp().dropEvents();
        long migrate = System.nanoTime();
        source.qmp().execute("migrate", Map.of("uri", "tcp:" + to.address() + ":" + port));
        Qmp.Event end = source.qmp().awaitEvent("MIGRATION", d -> ENDED.contains(d.path("status").asText()));
        JsonNode info = source.qmp().execute("query-migrate");
        // QEMU 7.2 says completed (event and status) a moment before it has computed total-time and
        // downtime (migration_iteration_finish runs after the state change): until then both read 0
        for (int i = 0; i < 1000 && "completed".equals(info.path("status").asText()) && info.path("total-time").asLong() == 0; i++) {
            Thread.sleep(1);
            info = source.qmp().execute("query-migrate");
        }
        if (!"completed".equals(end.data().path("status").asText())) {
            throw new IllegalStateException("raw migration " + n + " ended " + end.data() + ": " + info);
        }
        while (!"running".equals(target.qmp().execute("query-status").path("status").asText())) {
            Thread.sleep(1);
        }
        long running = System.nanoTime();
        Map<String, Double> cpu = window.end();
        Round r = new Round(n, source.host().name(), to.name(), ms(listening - t0), ms(end.readNanos() - migrate),
                ms(end.readNanos() - t0), ms(running - migrate), info.path("downtime").asLong(), info.path("total-time").asLong(),
                info.path("setup-time").asLong(), info.path("ram").path("transferred").asLong(), cpu);
        rounds.add(r);
        System.err.printf("raw %2d %s→%s: migrate→completed %.1f ms, sequence %.1f ms, downtime %d ms, total %d ms%n",
                n, r.from(), r.to(), r.wallMs(), r.sequenceMs(), r.downtimeMs(), r.totalTimeMs());
        quit(source);
        previous = source;
        source = target;
        return r;
    }

    /** Leaves the rounds so far (the warm-up) out of the result. */
    void forgetRounds() {
        rounds.clear();
    }

    /** After the last round: did the guest go on ticking on its last host? */
    Result finish() throws InterruptedException {
        String ticking = previous == null ? "no migration ran"
                : TestGuestImage.checkTicking(previous.serial(), tickBefore, source.serial(), source.host().name());
        return new Result(List.copyOf(rounds), argv(false, instances.get(0).dir()), argv(true, dir.resolve("q2")), ticking);
    }

    /** Every QEMU of the run, killed (the last one still runs the guest). */
    @Override
    public void close() throws InterruptedException {
        for (Instance i : instances) {
            i.process().destroyForcibly();
            i.process().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private List<String> argv(boolean incoming, Path qemuDir) {
        return RawQemu.agentShapedArgv(qemuBinary, accel, memoryMiB, qemuDir, vmId, guest, incoming);
    }

    /** Starts a QEMU on {@code host} (inside its namespace) and connects to its QMP socket. */
    private Instance launch(HostPair.Host host, boolean incoming) throws IOException, InterruptedException {
        Path qemuDir = dir.resolve("q" + (instances.size() + 1));
        Files.createDirectories(qemuDir);
        Process p = new ProcessBuilder(host.inside(argv(incoming, qemuDir))).redirectErrorStream(true)
                .redirectOutput(qemuDir.resolve("qemu.log").toFile()).start();
        Instance i = new Instance(host, qemuDir, p, null);
        instances.add(i);
        Instance connected = new Instance(host, qemuDir, p, Qmp.connect(qemuDir.resolve("qmp.sock"), p));
        instances.set(instances.size() - 1, connected);
        return connected;
    }

    /** The source's work is done once the target runs: quit, as the agent does. */
    private static void quit(Instance i) throws InterruptedException {
        try {
            i.qmp().execute("quit");
        } catch (IOException e) {
            // QEMU may close the socket before its answer is read
        }
        if (!i.process().waitFor(10, TimeUnit.SECONDS)) {
            i.process().destroyForcibly();
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
