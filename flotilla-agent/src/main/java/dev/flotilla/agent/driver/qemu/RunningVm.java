package dev.flotilla.agent.driver.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.driver.RunState;
import dev.flotilla.agent.driver.VmDefinition;
import dev.flotilla.agent.driver.VmState;
import dev.flotilla.agent.driver.VmStateChange;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One VM of the qemu driver: its files, its QEMU pid, its QMP connection and its state. QMP
 * events and the process exit move the state; the agent's requests are checked against it.
 *
 * <p>Locking: the state is guarded by {@code this}; QMP commands run outside the lock because
 * their replies and the events they cause arrive on the reader thread, which needs it.
 */
final class RunningVm {

    static final Duration QMP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final System.Logger LOG = System.getLogger(RunningVm.class.getName());

    private volatile VmDefinition definition;   // changes when a disk is plugged or unplugged live
    final EventWaits waits = new EventWaits();
    private final VmFiles files;
    private final Consumer<VmStateChange> publisher;

    private RunState state = RunState.STARTING;
    private String reason = "starting";
    private QmpClient qmp;
    private VmMeter meter;
    /** Why QEMU is going away, from the SHUTDOWN event (or the agent's own power-off); null until then. */
    private String shutdownReason;
    private boolean pauseRequested;
    private final IoErrorPauses ioErrors;
    private boolean resetRequested;
    private boolean detached;
    private final MigrationEvents migrationEvents = new MigrationEvents();
    private boolean sendingAway;

    RunningVm(VmDefinition definition, VmFiles files, Consumer<VmStateChange> publisher) {
        this.definition = definition;
        this.ioErrors = new IoErrorPauses(definition);
        this.files = files;
        this.publisher = publisher;
    }

    VmDefinition definition() { return definition; }

    MigrationEvents migrationEvents() { return migrationEvents; }

    void redefine(VmDefinition changed) { definition = changed; }

    /** A disk plugged live holds the format node {@code node}: an I/O error on it names the disk. */
    void plugged(String node, VmDefinition.Disk disk) { ioErrors.plugged(node, disk); }

    VmFiles files() { return files; }

    synchronized RunState runState() { return state; }

    /** Starts QEMU with {@code argv}, attaches QMP and lets the CPUs run. */
    void start(List<String> argv) throws DriverException {
        QmpClient client = launch(argv, "starting", true);
        try {
            client.execute("cont", null, QMP_TIMEOUT);
        } catch (IOException e) {
            powerOffQuietly();
            throw new DriverException(DriverException.Code.DRIVER_FAILURE, "QEMU for " + definition.name() + " would not run its CPUs: " + e.getMessage(), e);
        }
        // The RESUME event has normally made it RUNNING already; this covers a lost race.
        move(RunState.STARTING, new QmpEvents.Step(RunState.RUNNING, "started"));
    }

    /** While a migration sends the VM away, its result tells its state changes; a failed or cancelled one ends it, telling where it stands. */
    void sendingAway(boolean on) {
        RunState now;
        String why;
        synchronized (this) {
            sendingAway = on;
            now = state;
            why = reason;
        }
        if (!on) {
            publish(now, why);
        }
    }

    /** QEMU handed the guest over to {@code target}: the paused copy left here never runs again ({@link #quit} ends it). */
    void handedOver(String target) {
        synchronized (this) {
            shutdownReason = "migrated to " + target;
            state = RunState.SHUTTING_DOWN;
            reason = shutdownReason;
        }
    }

    /** Launches QEMU and attaches QMP, STARTING; {@code tell}: publish it (not an incoming copy: the manager awaits its answer). */
    QmpClient launch(List<String> argv, String startingReason, boolean tell) throws DriverException {
        if (tell) {
            publish(RunState.STARTING, startingReason);
        }
        long logOffset = files.qemuLogSize();
        Process process;
        try {
            files.removeRuntimeFiles();
            Files.writeString(files.qemuLog(), "=== started by flotilla at " + Instant.now() + ": " + String.join(" ", argv) + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            logOffset = files.qemuLogSize();
            process = QemuProcess.launch(argv, files);
        } catch (IOException e) {
            throw new DriverException(DriverException.Code.DRIVER_FAILURE, "cannot start QEMU for " + definition.name() + ": " + e.getMessage(), e);
        }
        QmpClient client = QmpAttach.await(process, files, definition.name(), definition.id(), logOffset, START_TIMEOUT, this::connectQmp);
        synchronized (this) {
            qmp = client;
            meter = new VmMeter(files.readPid().orElse(process.pid()));
            reason = startingReason;
        }
        return client;
    }

    /** Re-attaches to a QEMU left running by an earlier agent; returns false when it is not running. */
    boolean reattach(long qemuPid) {
        if (!QemuProcess.isAlive(qemuPid, definition.id())) {
            return false;
        }
        synchronized (this) {
            meter = new VmMeter(qemuPid);
        }
        try {
            QmpClient client = connectQmp();
            synchronized (this) {
                qmp = client;
            }
            String status = client.execute("query-status", null, QMP_TIMEOUT).path("status").asText();
            synchronized (this) {
                state = switch (status) {
                    case "running" -> RunState.RUNNING;
                    case "shutdown", "postmigrate" -> RunState.SHUTTING_DOWN;   // postmigrate: handed over, not yet ended
                    default -> RunState.PAUSED;      // paused, prelaunch, io-error, suspended...
                };
                reason = status.equals("io-error") ? QmpEvents.STORAGE_IO_ERROR + " (found paused on it when the agent re-attached)"
                        : "re-attached after agent restart (QEMU status " + status + ")";
                shutdownReason = status.equals("postmigrate") ? "migrated away before the agent restarted" : null;
            }
            if (status.equals("postmigrate")) {
                quit();
            }
        } catch (IOException e) {
            // The VM runs but cannot be driven; say so, and keep watching its pid.
            synchronized (this) {
                state = RunState.RUNNING;
                reason = "re-attached after agent restart, but QMP is unreachable: " + e.getMessage();
            }
            Thread watcher = new Thread(this::awaitExit, "qemu-exit-" + definition.name());
            watcher.setDaemon(true);
            watcher.start();
        }
        return true;
    }

    /** Reports a VM whose QEMU died while no agent watched it; its runtime files go. */
    void foundDead() {
        files.removeRuntimeFiles();
        synchronized (this) {
            state = RunState.STOPPED;
            reason = "found stopped after agent restart";
        }
        publish(RunState.STOPPED, "found stopped after agent restart");
    }

    void shutdown() throws DriverException {
        requireState("shut down", EnumSet.of(RunState.RUNNING, RunState.SHUTTING_DOWN));
        command("system_powerdown");
    }

    void powerOff() throws DriverException {
        requireState("power off", EnumSet.of(RunState.STARTING, RunState.RUNNING, RunState.PAUSED, RunState.SHUTTING_DOWN));
        synchronized (this) {
            shutdownReason = "powered off by the agent";
        }
        quit();
    }

    /** QMP quit, or SIGKILL when QMP is stuck or gone. */
    void quit() {
        try {
            command("quit");
        } catch (DriverException e) {
            // QMP is stuck or gone: pull the plug ourselves; the exit is then noticed as usual.
            LOG.log(System.Logger.Level.WARNING, "QMP quit failed for " + definition.name() + ", sending SIGKILL: " + e.getMessage());
            QemuProcess.kill(pid(), definition.id());
        }
    }

    /**
     * SIGKILL without asking QMP (a QEMU whose storage hangs or a starved machine may answer late),
     * then waits up to {@code wait} for the process to be gone. True once it is.
     */
    boolean kill(String why, Duration wait) {
        synchronized (this) { shutdownReason = why; }
        long qemuPid = pid() != 0 ? pid() : files.readPid().orElse(0L);
        return qemuPid == 0 || QemuProcess.killAndAwait(qemuPid, definition.id(), wait);
    }

    void reboot() throws DriverException {
        requireState("reboot", EnumSet.of(RunState.RUNNING, RunState.PAUSED));
        synchronized (this) {
            resetRequested = true;
        }
        command("system_reset");
    }

    void pause() throws DriverException {
        requireState("pause", EnumSet.of(RunState.RUNNING));
        synchronized (this) {
            pauseRequested = true;
        }
        command("stop");
    }

    void resume() throws DriverException {
        requireState("resume", EnumSet.of(RunState.PAUSED));
        command("cont");
    }

    /** Measured outside the lock, as QMP commands run (see the class comment). */
    VmState snapshot() {
        VmState now;
        VmMeter m;
        QmpClient client;
        synchronized (this) {
            now = VmMeter.idle(definition, state, reason);
            m = state.isAlive() ? meter : null;
            client = qmp;
        }
        return m == null ? now : m.measure(now, client);
    }

    /** Closes QMP and forgets the process without touching it. */
    void detach() {
        QmpClient client;
        synchronized (this) {
            detached = true;
            client = qmp;
            qmp = null;
        }
        if (client != null) {
            client.close();
        }
    }

    private QmpClient connectQmp() throws IOException {
        return QmpClient.connect(files.qmpSocket(), definition.name(), QMP_TIMEOUT, this::onEvent, this::awaitExit);
    }

    private void onEvent(QmpClient.Event event) {
        waits.offer(event);
        if (migrationEvents.offer(event)) {
            return;
        }
        RunState newState;
        String newReason;
        synchronized (this) {
            boolean byAgent = switch (event.name()) {
                case "STOP" -> pauseRequested;
                case "RESET" -> resetRequested;
                default -> false;
            };
            pauseRequested &= !event.name().equals("STOP");
            resetRequested &= !event.name().equals("RESET");
            if (ioErrors.consumed(event)) {
                return;     // the STOP that follows says why with it
            }
            Optional<QmpEvents.Step> step = ioErrors.step(event, byAgent, QmpEvents.interpret(event, byAgent));
            if (step.isEmpty() || (shutdownReason != null && !event.name().equals("SHUTDOWN"))) {
                return;     // nothing to do, or QEMU is on its way out and a late STOP/RESUME changes nothing
            }
            if (event.name().equals("SHUTDOWN")) {
                // The agent's own reason (powered off, migrated away) says more than QEMU's "quit by QMP".
                if (shutdownReason == null) {
                    shutdownReason = step.get().reason();
                }
                step = Optional.of(new QmpEvents.Step(step.get().state(), shutdownReason));
            }
            // A reset keeps the state but is still worth telling: the guest rebooted.
            if (step.get().equals(new QmpEvents.Step(state, reason)) && !event.name().equals("RESET")) {
                return;
            }
            newState = state = step.get().state();
            newReason = reason = step.get().reason();
        }
        publish(newState, newReason);
    }

    /** Runs when QMP reached end of stream: waits for the pid to go and records how the VM ended. */
    private void awaitExit() {
        long qemuPid = pid();
        while (QemuProcess.isAlive(qemuPid, definition.id())) {
            synchronized (this) {
                if (detached) {
                    return;
                }
            }
            sleep(100);
        }
        RunState end;
        String why;
        synchronized (this) {
            if (detached || !state.isAlive()) {
                return;
            }
            qmp = null;
            if (shutdownReason != null) {
                end = RunState.STOPPED;
                why = shutdownReason;
            } else {
                end = RunState.CRASHED;
                String tail = files.qemuLogTail(3);
                why = "QEMU exited unexpectedly" + (tail.isEmpty() ? "" : ": " + tail);
            }
            state = end;
            reason = why;
        }
        files.removeRuntimeFiles();
        publish(end, why);
    }

    private void move(RunState from, QmpEvents.Step to) {
        synchronized (this) {
            if (state != from) {
                return;
            }
            state = to.state();
            reason = to.reason();
        }
        publish(to.state(), to.reason());
    }

    void requireState(String action, Set<RunState> allowed) throws DriverException {
        RunState now = runState();
        if (!allowed.contains(now)) {
            throw new DriverException(DriverException.Code.WRONG_STATE,
                    "cannot %s VM %s: it is %s".formatted(action, definition.name(), now.name().toLowerCase().replace('_', ' ')));
        }
    }

    private void command(String command) throws DriverException { command(command, Map.of()); }

    /** One QMP command of this VM, with the driver's timeout; a failure names the command and the VM. */
    JsonNode command(String command, Map<String, ?> arguments) throws DriverException {
        QmpClient client;
        synchronized (this) {
            client = qmp;
        }
        if (client == null) {
            throw new DriverException(DriverException.Code.DRIVER_FAILURE, "no QMP connection to " + definition.name());
        }
        try {
            return client.execute(command, arguments, QMP_TIMEOUT);
        } catch (IOException e) {
            throw new DriverException(DriverException.Code.DRIVER_FAILURE, "QEMU did not carry out " + command + " for " + definition.name() + ": " + e.getMessage(), e);
        }
    }

    void powerOffQuietly() {
        try {
            powerOff();
        } catch (DriverException e) {
            QemuProcess.kill(pid(), definition.id());
        }
    }

    private synchronized long pid() { return meter == null ? 0 : meter.pid(); }

    private void publish(RunState newState, String why) {
        synchronized (this) {
            if (sendingAway) {
                return;
            }
        }
        publisher.accept(new VmStateChange(definition.id(), newState, why, Instant.now()));
    }

    private static void sleep(long millis) {
        EventWaits.sleep(millis);
    }
}
