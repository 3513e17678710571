package dev.flotilla.bench;

import dev.flotilla.agent.Agent;
import dev.flotilla.agent.AgentConfig;
import dev.flotilla.agent.AgentRuntime;
import dev.flotilla.agent.driver.qemu.QemuDriver;
import dev.flotilla.agent.driver.qemu.QemuDriverConfig;
import dev.flotilla.agent.managerlink.EnrollmentToken;
import dev.flotilla.agent.managerlink.ManagerAddress;
import dev.flotilla.agent.stats.ProcHostStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * VM start through the API against a raw start of the same QEMU command line. One manager process,
 * one real qemu agent in this JVM; each round starts the VM through the API and waits until the
 * manager shows it PoweringUp (the agent reported QEMU running), reads the command line QEMU was
 * given from /proc, stops the VM, then launches that same command line directly (its own pidfile,
 * QMP socket and logs) and times it until QMP says running.
 *
 * <pre>
 * java -cp flotilla-bench/target/flotilla-bench-0.1.0-SNAPSHOT-all.jar dev.flotilla.bench.StartBench \
 *   --manager-jar flotilla-manager/target/flotilla-manager-0.1.0-SNAPSHOT-exec.jar --rounds 10 --accel tcg
 * </pre>
 */
public final class StartBench {

    private static final Logger QUIET = Logger.getLogger("dev.flotilla");
    private static final Set<String> RUNNING = Set.of("PoweringUp", "Up");

    private StartBench() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        QUIET.setLevel(Level.WARNING);
        int rounds = o.integer("rounds", 10);
        Path work = Path.of(o.string("work-dir", "/tmp/flotilla-startbench-" + System.currentTimeMillis()));
        Path agentDir = work.resolve("agent");
        Path rawDir = work.resolve("raw");
        Files.createDirectories(agentDir);
        Files.createDirectories(rawDir);
        Report report = new Report("StartBench: API start vs raw QEMU start, %d rounds, accel %s".formatted(rounds, o.string("accel", "tcg")));
        report.add("load average before", Report.loadAverage(), "/proc/loadavg");
        AgentRuntime runtime = AgentRuntime.forOneAgent();
        try (ManagerProcess manager = ManagerProcess.start(Path.of(o.required("manager-jar")), work, o.string("manager-heap", "1g"), List.of())) {
            manager.awaitHealthy(Duration.ofMinutes(3));
            Api api = new Api(manager.baseUrl(), ManagerProcess.ADMIN_PASSWORD);
            Agent agent = new Agent(AgentConfig.withToken("qemu-0", agentDir, ManagerAddress.parse("127.0.0.1:" + manager.agentPort()),
                    EnrollmentToken.parse(api.enrollmentToken())),
                    new QemuDriver(new QemuDriverConfig(agentDir, 5900, 5999, o.string("accel", "tcg"), "qemu-system-x86_64")),
                    new ProcHostStats(), runtime.fingerprint(), runtime);
            try {
                agent.start().join();
                awaitHostUp(api);
                String vm = api.createVm("startbench", 1, o.integer("vm-memory-mib", 256));
                Latencies call = new Latencies();
                Latencies poweringUp = new Latencies();
                Latencies raw = new Latencies();
                List<String> argv = null;
                for (int i = 0; i < rounds; i++) {
                    long t0 = System.nanoTime();
                    api.startVm(vm);
                    call.recordNanos(System.nanoTime() - t0);
                    awaitStatus(api, vm, RUNNING);
                    poweringUp.recordNanos(System.nanoTime() - t0);
                    Path vmDir = agentDir.resolve("vms").resolve(vm);
                    argv = cmdline(Long.parseLong(Files.readString(vmDir.resolve("qemu.pid")).trim()));
                    api.stopVm(vm);
                    awaitStatus(api, vm, Set.of("Down"));
                    List<String> own = argv.stream().map(a -> a.replace(vmDir.toString(), rawDir.toString())).toList();
                    raw.recordNanos(RawQemu.launchUntilRunning(own, rawDir.resolve("qmp.sock"), rawDir.resolve("qemu.log")));
                }
                report.add("QEMU command line", "`" + String.join(" ", argv).replace("|", "\\|") + "`", "read from /proc/<pid>/cmdline of the API-started VM");
                report.add("API start call returns", call.summary() + ", mean " + Latencies.ms(call.meanMs()) + " ms",
                        "POST /vms/{id}/start: placement + command + the agent's answer (QEMU launched and cont sent)");
                report.add("API start → PoweringUp shown", poweringUp.summary() + ", mean " + Latencies.ms(poweringUp.meanMs()) + " ms",
                        "POST start until GET /vms/{id} shows PoweringUp (polled every 10 ms)");
                report.add("raw QEMU launch → running", raw.summary() + ", mean " + Latencies.ms(raw.meanMs()) + " ms",
                        "same command line, new pidfile/QMP/log paths: exec until QMP qmp_capabilities, cont, query-status = running");
            } finally {
                agent.close();
                killVmsUnder(agentDir);
            }
            report.add("load average after", Report.loadAverage(), "/proc/loadavg");
        } finally {
            runtime.close();
            String md = report.markdown();
            System.out.println(md);
            Files.writeString(work.resolve("result.md"), md);
        }
        System.exit(0);
    }

    private static void awaitHostUp(Api api) throws Exception {
        for (int i = 0; i < 600 && api.hosts("Up").isEmpty(); i++) {
            Thread.sleep(100);
        }
    }

    private static void awaitStatus(Api api, String vm, Set<String> wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        String status = "";
        while (System.nanoTime() < deadline) {
            status = api.vm(vm).path("status").asText();
            if (wanted.contains(status)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("VM " + vm + " is still " + status + ", not " + wanted);
    }

    private static List<String> cmdline(long pid) throws IOException {
        String raw = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8);
        return new ArrayList<>(Arrays.asList(raw.split("\0")));
    }

    /** The agent leaves VMs running when it detaches (by design): kill what this benchmark started. */
    static void killVmsUnder(Path agentDir) throws IOException {
        Path vms = agentDir.resolve("vms");
        if (!Files.isDirectory(vms)) {
            return;
        }
        try (var dirs = Files.list(vms)) {
            for (Path d : dirs.toList()) {
                Path pidFile = d.resolve("qemu.pid");
                if (Files.exists(pidFile)) {
                    ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
    }
}
