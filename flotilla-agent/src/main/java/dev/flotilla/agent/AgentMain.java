package dev.flotilla.agent;

import dev.flotilla.agent.driver.HypervisorDriver;
import dev.flotilla.agent.driver.qemu.QemuDriver;
import dev.flotilla.agent.driver.qemu.QemuDriverConfig;
import dev.flotilla.agent.driver.simulated.SimulatedDriver;
import dev.flotilla.agent.driver.simulated.SimulatedDriverConfig;
import dev.flotilla.agent.driver.simulated.SimulatedFaults;
import dev.flotilla.agent.fingerprint.HostFingerprint;
import dev.flotilla.agent.managerlink.AgentIdentity;
import dev.flotilla.agent.managerlink.EnrollmentException;
import dev.flotilla.agent.stats.ProcHostStats;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/** {@code java -jar flotilla-agent-all.jar --manager HOST:PORT --token TOKEN}: runs one agent until stopped. */
public final class AgentMain {

    static final String QEMU_BINARY = "qemu-system-x86_64";
    private static final Logger LOG = Logger.getLogger(AgentMain.class.getName());

    private AgentMain() {
    }

    /** The chosen driver and why, said once at start. */
    record DriverChoice(String driver, String why) {
    }

    public static void main(String[] args) throws InterruptedException {
        AgentOptions options;
        try {
            options = AgentOptions.parse(args);
        } catch (AgentOptions.UsageException e) {
            System.err.println("flotilla-agent: " + e.getMessage());
            System.err.println("Try --help.");
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(AgentOptions.USAGE);
            return;
        }
        ConsoleLog.install();
        String name = options.name() != null ? options.name() : HostFingerprint.localHostname();
        AgentConfig config = new AgentConfig(name, options.stateDir(), options.manager(), options.token(), options.caHash(),
                options.address(), options.portRangeStart(), options.portRangeEnd());
        if (AgentIdentity.load(config.pkiDir()).isEmpty() && options.token() == null && options.caHash() == null) {
            System.err.println("flotilla-agent: " + options.stateDir() + " holds no identity yet: give --token TOKEN"
                    + " (from the manager) or --ca-hash HEX (then an admin approves the host)");
            System.exit(2);
            return;
        }
        DriverChoice choice = chooseDriver(options.driver(), QemuDriver.isAvailable(QEMU_BINARY));
        AgentRuntime runtime = AgentRuntime.forOneAgent();
        Agent agent;
        try {
            agent = create(options, config, choice, runtime);
        } catch (RuntimeException e) {
            System.err.println("flotilla-agent: cannot start the " + choice.driver() + " driver: " + e.getMessage());
            runtime.close();
            System.exit(1);
            return;
        }
        HypervisorDriver driver = agent.driver();
        LOG.info("flotilla-agent " + Agent.VERSION + " starting: name " + name + ", state dir " + options.stateDir()
                + ", manager " + options.manager());
        LOG.info("driver " + driver.name() + " (" + choice.why() + "), " + driver.version());
        LOG.info("accel " + driver.accel() + ": " + driver.accelReason());
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            LOG.info("stopping; VMs keep running");
            agent.close();
            runtime.close();
        }, "flotilla-shutdown"));
        try {
            agent.start().join();
        } catch (CompletionException e) {
            if (stopping.get()) {
                return; // stopped while enrolling: the shutdown hook says so
            }
            Throwable cause = e.getCause();
            System.err.println("flotilla-agent: " + (cause instanceof EnrollmentException ? cause.getMessage() : cause));
            System.exit(1);
        }
        new CountDownLatch(1).await(); // the agent lives on the runtime's threads until the process is stopped
    }

    static DriverChoice chooseDriver(String requested, boolean qemuAvailable) {
        return switch (requested) {
            case "qemu" -> new DriverChoice("qemu", "asked for with --driver qemu");
            case "simulated" -> new DriverChoice("simulated", "asked for with --driver simulated");
            default -> qemuAvailable
                    ? new DriverChoice("qemu", "auto: " + QEMU_BINARY + " runs on this host")
                    : new DriverChoice("simulated", "auto: " + QEMU_BINARY + " was not found or does not run on this host");
        };
    }

    private static Agent create(AgentOptions o, AgentConfig config, DriverChoice choice, AgentRuntime runtime) {
        if (choice.driver().equals("qemu")) {
            QemuDriver driver = new QemuDriver(new QemuDriverConfig(o.stateDir(), o.portRangeStart(), o.portRangeEnd(), o.accel(), QEMU_BINARY));
            return new Agent(config, driver, new ProcHostStats(), runtime.fingerprint(), runtime);
        }
        SimulatedFaults faults = new SimulatedFaults(o.simStartError(),
                Duration.ofMillis(Math.round(o.simCrashAfterSeconds() * 1000)), Duration.ofMillis(o.simSlowMs()));
        SimulatedDriverConfig sim = new SimulatedDriverConfig(o.simCpus(), o.simMemoryMiB(), o.portRangeStart(), o.portRangeEnd(),
                faults, SimulatedDriverConfig.defaults(null).shutdownDelay(), o.stateDir());
        return Agent.simulated(config, sim, runtime);
    }
}
