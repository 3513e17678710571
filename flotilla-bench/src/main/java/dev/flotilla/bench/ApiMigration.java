package dev.flotilla.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same migrations through Flotilla: one manager process, one agent process per host (inside
 * the host's namespace, reporting the host's address), a VM created and started through the API
 * with the test guest; each round is {@code POST /vms/{id}/migrate} with no body (the defaults,
 * the scheduler picking the other host) and ends when the VM is Up with the target as its host:
 * seen through one long poll of {@code GET /vms/{id}/migration?wait=} and one {@code GET /vms/{id}}
 * (the default), or by polling {@code GET /vms/{id}} every few milliseconds ({@code --poll-ms}).
 */
final class ApiMigration implements AutoCloseable {

    /**
     * One migration. {@code callMs}: the POST until its 202; {@code wallMs}: the POST until Up on
     * the target was seen; {@code managerMs}: the manager's own startedAt → endedAt (from
     * /migration: after its transaction, to after the VM's row says Up on the target);
     * {@code launchMs}: the POST until the target agent launched the incoming QEMU (its stamp in
     * qemu.log, same clock); {@code listeningMs}, {@code connectedMs}, {@code sourceGoneMs}: the
     * POST until the target port listened, until the migration stream connected, until the source
     * QEMU had exited ({@link RoundWatch}); {@code cpuMs}: CPU each process used from the POST
     * until Up was seen ({@link WindowCpu}).
     */
    record Round(int n, String from, String to, double callMs, double wallMs, double managerMs, double launchMs,
                 double listeningMs, double connectedMs, double sourceGoneMs, long downtimeMs, long totalTimeMs, long transferredBytes,
                 Map<String, Double> cpuMs, Map<String, Double> phasesMs, double vmSeenMs) {
    }

    /** {@code pollGets}: how long each {@code GET /vms/{id}} of the rounds' polls took. */
    record Result(List<Round> rounds, List<String> startArgv, List<String> incomingArgv, String ticking, List<String> events,
                  List<String> logProblems, Latencies pollGets) {
    }

    /** Ports in each agent's --port-range. */
    private static final int PORTS = 64;
    private static final Pattern LAUNCH_STAMP = Pattern.compile("=== started by flotilla at (\\S+):");
    private static final Pattern PROBLEM = Pattern.compile("\\b(WARN|WARNING|ERROR|SEVERE)\\b|Exception");

    private final HostPair hosts;
    private final TestGuestImage guest;
    private final int memoryMiB;
    private final Path dir;
    private final Path managerJar;
    private final Path agentJar;
    private final String accel;
    private final String managerHeap;
    private final long pollMillis;
    /** With the long poll: the POST itself waits this long for the end (0: it answers at once, the long poll follows). */
    private final int postWaitSeconds;
    private final long pauseMillis;
    private final boolean watchSteps;
    private final List<String> managerArgs;
    private final Latencies pollGets = new Latencies();
    private final List<Round> rounds = new ArrayList<>();
    private ManagerProcess manager;
    private Api api;
    private Map<String, HostPair.Host> byId;
    private String vm;
    private HostPair.Host at;
    private HostPair.Host previous;
    private int tickBefore;
    private List<String> startArgv;
    private List<String> incomingArgv;
    private double[] lastWatch;
    private final Map<HostPair.Host, Integer> portRanges = new LinkedHashMap<>();
    private final Map<HostPair.Host, Process> agents = new LinkedHashMap<>();

    ApiMigration(HostPair hosts, TestGuestImage guest, int memoryMiB, Path dir, Path managerJar, Path agentJar, String accel,
                 String managerHeap, long pollMillis, int postWaitSeconds, long pauseMillis, boolean watchSteps,
                 List<String> managerArgs) {
        this.hosts = hosts;
        this.guest = guest;
        this.memoryMiB = memoryMiB;
        this.dir = dir;
        this.managerJar = managerJar;
        this.agentJar = agentJar;
        this.accel = accel;
        this.managerHeap = managerHeap;
        this.pollMillis = pollMillis;
        this.postWaitSeconds = postWaitSeconds;
        this.pauseMillis = pauseMillis;
        this.watchSteps = watchSteps;
        this.managerArgs = List.copyOf(managerArgs);
    }

    /** Starts the manager and both agents, creates and starts the VM, waits until the guest has booted and ticks. */
    void start() throws Exception {
        Files.createDirectories(dir);
        manager = ManagerProcess.start(managerJar, dir, managerHeap, managerArgs);
        manager.awaitHealthy(Duration.ofMinutes(3));
        api = new Api(manager.baseUrl(), ManagerProcess.ADMIN_PASSWORD);
        int range = 49152;
        for (HostPair.Host h : List.of(hosts.first(), hosts.second())) {
            portRanges.put(h, range);
            agents.put(h, startAgent(h, api.enrollmentToken(), manager.agentPort(), range));
            range += PORTS;
        }
        byId = awaitHostsUp(api);
        vm = api.createVm("migrationbench", 1, memoryMiB, guest);
        api.startVm(vm);
        JsonNode started = awaitVm(api, vm, v -> v.path("status").asText().equals("Up"), Duration.ofMinutes(2));
        at = byId.get(started.path("hostId").asText());
        System.err.println("flotilla: guest booting on " + at.name() + " (" + serial(at, vm) + ")");
        TestGuestImage.awaitTick(serial(at, vm), 2, 300);
        startArgv = cmdline(at, vm);
    }

    /** One migration to the other host, after the pause. */
    Round round(int n) throws Exception {
        HostPair.Host to = hosts.other(at);
        String toId = idOf(byId, to);
        String fromId = idOf(byId, at);
        Thread.sleep(pauseMillis);
        // each host's serial.log holds what the guest wrote there last; the count only grows
        tickBefore = Math.max(TestGuestImage.lastTick(serial(at, vm)), TestGuestImage.lastTick(serial(to, vm)));
        long sourcePid = qemuPid(at, vm);
        JsonNode view;
        JsonNode up;
        Instant postAt;
        long t0;
        long call;
        long seen;
        long vmSeen;
        Map<String, Double> cpu;
        try (WindowCpu window = WindowCpu.start(cpuMeters(sourcePid, at, to), "QEMU source");
             RoundWatch watch = watchSteps ? RoundWatch.start(agents.get(to).pid(), portRanges.get(to), portRanges.get(to) + PORTS - 1, sourcePid)
                     : null) {
            postAt = Instant.now();
            t0 = System.nanoTime();
            view = api.migrate(vm, Map.of(), pollMillis == 0 ? postWaitSeconds : 0);
            call = System.nanoTime();
            if (pollMillis == 0) {
                // The POST that waits, or one long poll after it, answers when the migration ended. It answers Completed only after the VM's row says
                // Up on the target: that answer is the API saying the VM is Up there. GET /vms/{id} after it checks the host and is timed apart.
                boolean answered = !"Running".equals(view.path("state").asText());
                JsonNode ended = answered ? view : pollGets.time(() -> api.migrationEnd(vm, 60));
                long endSeen = answered ? call : System.nanoTime();
                up = pollGets.time(() -> api.vm(vm));
                vmSeen = System.nanoTime();
                if (!"Completed".equals(ended.path("state").asText())) {
                    endSeen = vmSeen;   // not ended (or failed) when the poll answered: only the VM's own state counts
                }
                seen = endSeen;
            } else {
                // MigratingFrom from the 202 on; Up again means it ended: on the target, or (failed) on the source
                up = awaitVm(api, vm, v -> v.path("status").asText().equals("Up"), Duration.ofMinutes(5), pollGets);
                vmSeen = System.nanoTime();
                seen = vmSeen;
            }
            lastWatch = watch == null ? new double[] {Double.NaN, Double.NaN, Double.NaN}
                    : new double[] {watch.listeningMs(t0), watch.connectedMs(t0), watch.sourceGoneMs(t0)};
            window.add("QEMU target", WindowCpu.process(qemuPid(to, vm)));
            cpu = window.end();
        }
        if (!toId.equals(view.path("targetHostId").asText())) {
            throw new IllegalStateException("the scheduler chose " + view.path("targetHost").asText() + ", not " + to.name());
        }
        if (!toId.equals(up.path("hostId").asText())) {
            throw new IllegalStateException("round " + n + ": the VM is Up on " + (fromId.equals(up.path("hostId").asText())
                    ? at.name() : up.path("hostId").asText()) + ", not " + to.name() + ": " + api.migration(vm));
        }
        JsonNode m = awaitMigrationEnd(api, vm);
        if (!"Completed".equals(m.path("state").asText())) {
            throw new IllegalStateException("round " + n + ": migration " + m.path("state").asText() + ": " + m.path("error").asText());
        }
        double managerMs = Duration.between(Api.instant(m.path("startedAt")), Api.instant(m.path("endedAt"))).toNanos() / 1e6;
        Instant launched = launchStamp(to, vm);
        double launchMs = launched == null ? Double.NaN : Duration.between(postAt, launched).toNanos() / 1e6;
        Round r = new Round(n, at.name(), to.name(), (call - t0) / 1e6, (seen - t0) / 1e6, managerMs,
                launchMs,
                lastWatch[0], lastWatch[1], lastWatch[2], m.path("downtimeMs").asLong(), m.path("totalTimeMs").asLong(),
                m.path("transferredBytes").asLong(), cpu, MigrationPhases.of(m, postAt, (seen - t0) / 1e6, launchMs), (vmSeen - t0) / 1e6);
        rounds.add(r);
        System.err.printf("flotilla %2d %s→%s: POST→Up %.1f ms (202 after %.1f ms, target QEMU launched after %.1f ms), "
                        + "manager %.1f ms, downtime %d ms, total %d ms%n", n, r.from(), r.to(), r.wallMs(), r.callMs(), r.launchMs(),
                r.managerMs(), r.downtimeMs(), r.totalTimeMs());
        if (incomingArgv == null) {
            incomingArgv = cmdline(to, vm);
        }
        previous = at;
        at = to;
        return r;
    }

    /** Leaves the rounds so far (the warm-up) out of the result. */
    void forgetRounds() {
        rounds.clear();
    }

    /** What {@link WindowCpu} watches in a round: every process of the run that can take CPU from QEMU. */
    private Map<String, java.util.function.DoubleSupplier> cpuMeters(long sourceQemuPid, HostPair.Host from, HostPair.Host to) {
        ProcessProbe db = new ProcessProbe(manager.pid(), manager.postmasterPidFile());
        Map<String, java.util.function.DoubleSupplier> meters = new LinkedHashMap<>();
        meters.put("QEMU source", WindowCpu.process(sourceQemuPid));
        meters.put("manager JVM", WindowCpu.process(manager.pid()));
        meters.put("PostgreSQL", db::dbCpuSeconds);
        meters.put("agent, source host", WindowCpu.process(agents.get(from).pid()));
        meters.put("agent, target host", WindowCpu.process(agents.get(to).pid()));
        meters.put("benchmark JVM", WindowCpu.process(ProcessHandle.current().pid()));
        return meters;
    }

    /** After the last round: the tick check, the VM's events, the VM stopped, the logs read. */
    Result finish() throws Exception {
        String ticking = previous == null ? "no migration ran"
                : TestGuestImage.checkTicking(serial(previous, vm), tickBefore, serial(at, vm), at.name());
        List<String> events = new ArrayList<>();
        for (JsonNode e : api.get("/events?size=200&objectId=" + vm).path("items")) {
            events.add(e.path("time").asText() + " " + e.path("severity").asText() + " " + e.path("message").asText());
        }
        api.stopVm(vm);
        awaitVm(api, vm, v -> v.path("status").asText().equals("Down"), Duration.ofMinutes(1));
        return new Result(List.copyOf(rounds), startArgv, incomingArgv, ticking, events, problems(manager.log()), pollGets);
    }

    /** Agents stopped, every QEMU they left killed (QEMU outlives its agent by design), the manager stopped. */
    @Override
    public void close() throws Exception {
        for (Process a : agents.values()) {
            a.destroy();
            if (!a.waitFor(20, TimeUnit.SECONDS)) {
                a.destroyForcibly();
            }
        }
        for (HostPair.Host h : List.of(hosts.first(), hosts.second())) {
            StartBench.killVmsUnder(stateDir(h));
        }
        if (manager != null) {
            manager.close();
        }
    }

    /** WARN/ERROR lines (and exceptions) in the manager's and agents' logs: what went wrong that the API did not say. */
    List<String> problems(Path managerLog) throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> logs = new ArrayList<>(List.of(managerLog));
        for (HostPair.Host h : List.of(hosts.first(), hosts.second())) {
            logs.add(agentLog(h));
        }
        for (Path log : logs) {
            if (Files.exists(log)) {
                Files.readAllLines(log).stream().filter(l -> PROBLEM.matcher(l).find())
                        .forEach(l -> found.add(log.getFileName() + ": " + l));
            }
        }
        return found;
    }

    private Process startAgent(HostPair.Host h, String token, int managerAgentPort, int portRangeStart) throws IOException {
        Files.createDirectories(stateDir(h));
        List<String> argv = h.inside(List.of("java", "-jar", agentJar.toString(), "--name", "mbench-" + h.name(),
                "--state-dir", stateDir(h).toString(), "--manager", hosts.managerAddress() + ":" + managerAgentPort, "--token", token,
                "--driver", "qemu", "--accel", accel, "--port-range", portRangeStart + "-" + (portRangeStart + PORTS - 1), "--address", h.address()));
        System.err.println("agent: " + String.join(" ", argv).replace(token, "<token>") + "  (log " + agentLog(h) + ")");
        return new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(agentLog(h).toFile()).start();
    }

    /** Host id → host, once both agents' hosts are Up. */
    private Map<String, HostPair.Host> awaitHostsUp(Api api) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            Map<String, HostPair.Host> byId = new LinkedHashMap<>();
            for (Api.HostView v : api.hosts("Up")) {
                for (HostPair.Host h : List.of(hosts.first(), hosts.second())) {
                    if (v.name().equals("mbench-" + h.name())) {
                        byId.put(v.id(), h);
                    }
                }
            }
            if (byId.size() == 2) {
                return byId;
            }
            for (Process a : agents.values()) {
                if (!a.isAlive()) {
                    throw new IllegalStateException("an agent exited with " + a.exitValue() + "; see the agent logs in " + dir);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the two hosts were not Up after 2 minutes; see the logs in " + dir);
            }
            Thread.sleep(200);
        }
    }

    private JsonNode awaitVm(Api api, String vm, java.util.function.Predicate<JsonNode> done, Duration timeout) throws Exception {
        return awaitVm(api, vm, done, timeout, new Latencies());
    }

    private JsonNode awaitVm(Api api, String vm, java.util.function.Predicate<JsonNode> done, Duration timeout, Latencies gets)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode v = gets.time(() -> api.vm(vm));
            if (done.test(v)) {
                return v;
            }
            String status = v.path("status").asText();
            if (status.equals("Down") || status.equals("Unknown") || status.equals("NotResponding")) {
                throw new IllegalStateException("VM " + vm + " is " + status + ": " + v.path("statusReason").asText());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("VM " + vm + " still " + status + " after " + timeout);
            }
            Thread.sleep(pollMillis);
        }
    }

    private JsonNode awaitMigrationEnd(Api api, String vm) throws Exception {
        for (int i = 0; i < 3000; i++) {
            JsonNode m = api.migration(vm);
            if (!"Running".equals(m.path("state").asText())) {
                return m;
            }
            Thread.sleep(pollMillis);
        }
        throw new IllegalStateException("the migration of " + vm + " did not end");
    }

    private static String idOf(Map<String, HostPair.Host> byId, HostPair.Host h) {
        return byId.entrySet().stream().filter(e -> e.getValue().equals(h)).map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    private Path stateDir(HostPair.Host h) {
        return dir.resolve("agent-" + h.name());
    }

    private Path agentLog(HostPair.Host h) {
        return dir.resolve("agent-" + h.name() + ".log");
    }

    private Path serial(HostPair.Host h, String vm) {
        return stateDir(h).resolve("vms").resolve(vm).resolve("serial.log");
    }

    /** When the agent last launched this VM's QEMU on {@code h}: the line it writes to qemu.log first. */
    private Instant launchStamp(HostPair.Host h, String vm) throws IOException {
        Path log = stateDir(h).resolve("vms").resolve(vm).resolve("qemu.log");
        Matcher m = LAUNCH_STAMP.matcher(Files.readString(log));
        Instant last = null;
        while (m.find()) {
            last = Instant.parse(m.group(1));
        }
        return last;
    }

    private long qemuPid(HostPair.Host h, String vm) throws IOException {
        return Long.parseLong(Files.readString(stateDir(h).resolve("vms").resolve(vm).resolve("qemu.pid")).trim());
    }

    /** The command line of the VM's QEMU on {@code h}, from /proc. */
    private List<String> cmdline(HostPair.Host h, String vm) throws IOException {
        long pid = qemuPid(h, vm);
        String raw = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8);
        return Arrays.asList(raw.split("\0"));
    }
}
