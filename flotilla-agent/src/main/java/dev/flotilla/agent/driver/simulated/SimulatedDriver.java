package dev.flotilla.agent.driver.simulated;

import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.driver.HypervisorDriver;
import dev.flotilla.agent.driver.MigrationProgress;
import dev.flotilla.agent.driver.MigrationResult;
import dev.flotilla.agent.driver.MigrationSettings;
import dev.flotilla.agent.driver.RunState;
import dev.flotilla.agent.driver.VmDefinition;
import dev.flotilla.agent.driver.VmState;
import dev.flotilla.agent.driver.VmStateChange;
import dev.flotilla.agent.stats.HostStats;
import dev.flotilla.agent.stats.HostStatsSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An in-memory hypervisor with the qemu driver's states, reasons and refusals. It also reports
 * the host's statistics from its own figures, so a simulated host looks loaded by its guests.
 */
public final class SimulatedDriver implements HypervisorDriver, HostStatsSource {

    public static final String REASON_GUEST_OFF = "guest powered off";
    public static final String REASON_POWERED_OFF = "powered off by the agent";
    public static final String REASON_CRASH = "simulated crash";

    private static final AtomicLong INCARNATIONS = new AtomicLong();
    /** Memory the simulated host keeps for itself, so "used" is never zero. */
    private static final long HOST_OWN_MIB = 512;
    private static final double KIB = 1024;

    private final SimulatedDriverConfig config;
    private final ScheduledExecutorService scheduler;
    private final SimulatedHost host;
    private final SimulatedMigrations migrations = new SimulatedMigrations();
    private final List<Consumer<VmStateChange>> ownListeners = new ArrayList<>();

    /** @param scheduler shared timers (guest shutdown, crash faults); the driver owns no thread */
    public SimulatedDriver(SimulatedDriverConfig config, ScheduledExecutorService scheduler) {
        this.config = config;
        this.scheduler = scheduler;
        this.host = SimulatedHost.of(config.stateDir());
    }

    public SimulatedDriverConfig config() {
        return config;
    }

    @Override public String name() { return "simulated"; }
    @Override public String accel() { return "simulated"; }
    @Override public String accelReason() { return "simulated driver: no guest code runs"; }
    @Override public String version() { return "simulated 1"; }

    @Override
    public List<VmState> recover() {
        synchronized (host) {
            return host.vms.values().stream().filter(vm -> vm.state.isAlive()).map(SimulatedGuestLoad::snapshot).toList();
        }
    }

    @Override
    public VmState start(VmDefinition def) throws DriverException {
        validate(def);
        slow();
        VmState started;
        synchronized (host) {
            SimulatedHost.Vm existing = host.vms.get(def.id());
            if (existing != null && existing.state.isAlive()) {
                throw new DriverException(DriverException.Code.WRONG_STATE,
                        "VM " + def.id() + " is already " + existing.state.name().toLowerCase());
            }
            // the same guard as the qemu driver, so a simulated fleet shows the same refusals
            var conflict = dev.flotilla.agent.driver.DiskUse.conflict(def, host.vms.values().stream()
                    .filter(v -> v.state.isAlive()).map(v -> v.definition).toList());
            if (conflict.isPresent()) {
                throw new DriverException(DriverException.Code.WRONG_STATE, "VM " + def.name() + " cannot start: " + conflict.get());
            }
            long free = config.memoryMiB() - committedMiB(def.id());
            if (def.memoryMiB() > free) {
                throw new DriverException(DriverException.Code.INVALID_SPEC,
                        "VM %s needs %d MiB of memory; the host has %d MiB free of %d MiB"
                                .formatted(def.name(), def.memoryMiB(), Math.max(0, free), config.memoryMiB()));
            }
            if (ThreadLocalRandom.current().nextDouble() < config.faults().startErrorProbability()) {
                throw new DriverException(DriverException.Code.DRIVER_FAILURE,
                        "simulated start failure (fault setting start-error=" + config.faults().startErrorProbability() + ")");
            }
            SimulatedHost.Vm vm = new SimulatedHost.Vm(def, INCARNATIONS.incrementAndGet());
            host.vms.put(def.id(), vm);
            started = SimulatedGuestLoad.snapshot(vm);
            if (!config.faults().crashAfter().isZero()) {
                schedule(config.faults().crashAfter(), () -> crash(def.id(), vm.incarnation));
            }
        }
        host.publish(new VmStateChange(def.id(), RunState.RUNNING, "", Instant.now()));
        return started;
    }

    /** Same rules as the qemu driver: a named kernel or initrd must exist; memory and CPUs must be positive. */
    private static void validate(VmDefinition def) throws DriverException {
        if (def.id() == null) {
            throw new DriverException(DriverException.Code.INVALID_SPEC, "the VM has no id");
        }
        if (def.cpus() < 1) {
            throw new DriverException(DriverException.Code.INVALID_SPEC, "VM " + def.name() + " needs at least 1 CPU, not " + def.cpus());
        }
        if (def.memoryMiB() < 1) {
            throw new DriverException(DriverException.Code.INVALID_SPEC, "VM " + def.name() + " needs memory, not " + def.memoryMiB() + " MiB");
        }
        VmDefinition.Boot boot = def.boot() == null ? VmDefinition.Boot.NONE : def.boot();
        if (boot.hasKernel() && !Files.isRegularFile(Path.of(boot.kernel()))) {
            throw new DriverException(DriverException.Code.INVALID_SPEC, "kernel file " + boot.kernel() + " does not exist on this host");
        }
        if (boot.initrd() != null && !boot.initrd().isBlank() && !Files.isRegularFile(Path.of(boot.initrd()))) {
            throw new DriverException(DriverException.Code.INVALID_SPEC, "initrd file " + boot.initrd() + " does not exist on this host");
        }
    }

    @Override
    public void shutdown(UUID vmId) throws DriverException {
        slow();
        long incarnation;
        synchronized (host) {
            SimulatedHost.Vm vm = alive(vmId, "shut down");
            if (vm.state == RunState.SHUTTING_DOWN) {
                return; // pressing the button twice changes nothing
            }
            if (vm.state != RunState.RUNNING) {
                throw wrongState(vm, "shut down (a paused guest cannot see the power button; resume it or power it off)");
            }
            vm.state = RunState.SHUTTING_DOWN;
            vm.reason = "ACPI power button pressed";
            incarnation = vm.incarnation;
        }
        host.publish(new VmStateChange(vmId, RunState.SHUTTING_DOWN, "ACPI power button pressed", Instant.now()));
        schedule(config.shutdownDelay(), () -> finishShutdown(vmId, incarnation));
    }

    private void finishShutdown(UUID vmId, long incarnation) {
        synchronized (host) {
            SimulatedHost.Vm vm = host.vms.get(vmId);
            if (vm == null || vm.incarnation != incarnation || vm.state != RunState.SHUTTING_DOWN) {
                return; // powered off or started again meanwhile
            }
            vm.state = RunState.STOPPED;
            vm.reason = REASON_GUEST_OFF;
        }
        host.publish(new VmStateChange(vmId, RunState.STOPPED, REASON_GUEST_OFF, Instant.now()));
    }

    private void crash(UUID vmId, long incarnation) {
        synchronized (host) {
            SimulatedHost.Vm vm = host.vms.get(vmId);
            if (vm == null || vm.incarnation != incarnation || !vm.state.isAlive()) {
                return;
            }
            vm.state = RunState.CRASHED;
            vm.reason = REASON_CRASH;
        }
        host.publish(new VmStateChange(vmId, RunState.CRASHED, REASON_CRASH, Instant.now()));
    }

    @Override
    public void powerOff(UUID vmId) throws DriverException {
        slow();
        synchronized (host) {
            SimulatedHost.Vm vm = alive(vmId, "power off");
            vm.state = RunState.STOPPED;
            vm.reason = REASON_POWERED_OFF;
        }
        host.publish(new VmStateChange(vmId, RunState.STOPPED, REASON_POWERED_OFF, Instant.now()));
    }

    @Override
    public void reboot(UUID vmId) throws DriverException {
        slow();
        RunState state;
        synchronized (host) {
            SimulatedHost.Vm vm = alive(vmId, "reboot");
            if (vm.state != RunState.RUNNING && vm.state != RunState.PAUSED) {
                throw wrongState(vm, "reboot");
            }
            vm.startedAt = Instant.now(); // a reset guest boots again: uptime starts over
            state = vm.state;
        }
        host.publish(new VmStateChange(vmId, state, "reset by the agent", Instant.now()));
    }

    @Override
    public void pause(UUID vmId) throws DriverException {
        transition(vmId, RunState.RUNNING, RunState.PAUSED, "paused by the agent", "pause");
    }

    @Override
    public void resume(UUID vmId) throws DriverException {
        transition(vmId, RunState.PAUSED, RunState.RUNNING, "", "resume");
    }

    /** A paused guest still shows its screen, as QEMU's does; a stopped one has none. */
    @Override
    public byte[] screenshot(UUID vmId) throws DriverException {
        slow();
        String name;
        RunState state;
        Duration uptime;
        synchronized (host) {
            SimulatedHost.Vm vm = alive(vmId, "take a screenshot of");
            if (vm.state != RunState.RUNNING && vm.state != RunState.PAUSED && vm.state != RunState.SHUTTING_DOWN) {
                throw wrongState(vm, "take a screenshot of");
            }
            name = vm.definition.name();
            state = vm.state;
            uptime = Duration.between(vm.startedAt, Instant.now());
        }
        return SimulatedScreen.render(name, state, uptime, Instant.now());
    }

    @Override
    public int prepareIncoming(VmDefinition def, boolean postCopy) throws DriverException {
        validate(def);
        synchronized (host) {
            SimulatedHost.Vm existing = host.vms.get(def.id());
            if (existing != null && existing.state.isAlive()) {
                throw new DriverException(DriverException.Code.WRONG_STATE, "VM " + def.name() + " already runs on this host");
            }
            SimulatedHost.Vm vm = new SimulatedHost.Vm(def, INCARNATIONS.incrementAndGet());
            vm.state = RunState.STARTING;
            vm.reason = "waiting for an incoming migration";
            host.vms.put(def.id(), vm);
        }
        host.publish(new VmStateChange(def.id(), RunState.STARTING, "waiting for an incoming migration", Instant.now()));
        return SimulatedMigrations.listen(host, def.id());
    }

    @Override
    public MigrationResult migrate(UUID vmId, String targetAddress, int targetPort, MigrationSettings settings,
                                   Consumer<MigrationProgress> progress) throws DriverException {
        VmDefinition def;
        synchronized (host) {
            SimulatedHost.Vm vm = alive(vmId, "migrate");
            if (vm.state != RunState.RUNNING && vm.state != RunState.PAUSED) {
                throw wrongState(vm, "migrate");
            }
            def = vm.definition;
        }
        return migrations.migrate(host, def, targetPort, settings, progress);
    }

    @Override
    public void cancelMigration(UUID vmId) throws DriverException {
        synchronized (host) {
            alive(vmId, "cancel the migration of");
        }
        migrations.cancel(vmId);
    }

    /** A simulated guest has no framebuffer to serve; its screenshot shows its state instead. */
    @Override
    public SocketChannel openConsole(UUID vmId) throws DriverException {
        synchronized (host) {
            alive(vmId, "open the console of");
        }
        throw new DriverException(DriverException.Code.WRONG_STATE,
                "VMs of the simulated driver have no VNC console; their screenshot shows their state");
    }

    private void transition(UUID vmId, RunState from, RunState to, String reason, String verb) throws DriverException {
        slow();
        synchronized (host) {
            SimulatedHost.Vm vm = alive(vmId, verb);
            if (vm.state != from) {
                throw wrongState(vm, verb);
            }
            vm.state = to;
            vm.reason = reason;
        }
        host.publish(new VmStateChange(vmId, to, reason, Instant.now()));
    }

    @Override
    public List<VmState> vms() {
        synchronized (host) {
            return host.vms.values().stream().map(SimulatedGuestLoad::snapshot).toList();
        }
    }

    @Override
    public void forget(UUID vmId) {
        synchronized (host) {
            SimulatedHost.Vm vm = host.vms.get(vmId);
            if (vm != null && !vm.state.isAlive()) {
                host.vms.remove(vmId);
            }
        }
    }

    @Override
    public void addListener(Consumer<VmStateChange> listener) {
        synchronized (ownListeners) {
            ownListeners.add(listener);
        }
        host.listeners.add(listener);
    }

    /** Detaches: the guests keep "running" in this JVM and a new driver on the same state dir finds them. */
    @Override
    public void close() {
        synchronized (ownListeners) {
            host.listeners.removeAll(ownListeners);
            ownListeners.clear();
        }
    }

    /**
     * Figures derived from the guests: their CPU use spread over the host's CPUs, their memory plus
     * the host's own, their disk traffic plus the host's own logging. The network carries only the
     * host's own chatter (heartbeats, commands): the guests have no NICs.
     */
    @Override
    public HostStats sample() {
        double vmCpu = 0, read = 0, written = 4 * KIB * SimulatedGuestLoad.wobble();
        long used = HOST_OWN_MIB;
        synchronized (host) {
            for (SimulatedHost.Vm vm : host.vms.values()) {
                if (vm.state.isAlive()) {
                    vmCpu += SimulatedGuestLoad.cpuPercent(vm);
                    used += SimulatedGuestLoad.rssMiB(vm);
                    VmState.Disks disk = SimulatedGuestLoad.disks(vm);
                    read += disk.readBytesPerSecond();
                    written += disk.writeBytesPerSecond();
                }
            }
        }
        double cpu = Math.min(100, vmCpu / config.cpus());
        double load = vmCpu / 100;
        long uptime = Duration.between(host.bootedAt, Instant.now()).toSeconds();
        return new HostStats(cpu, config.memoryMiB(), Math.min(used, config.memoryMiB()), load, load, load, uptime,
                read, written, 2 * KIB * SimulatedGuestLoad.wobble(), 3 * KIB * SimulatedGuestLoad.wobble());
    }

    private long committedMiB(UUID except) {
        long sum = 0;
        for (SimulatedHost.Vm vm : host.vms.values()) {
            if (vm.state.isAlive() && !vm.definition.id().equals(except)) {
                sum += vm.definition.memoryMiB();
            }
        }
        return sum;
    }

    private SimulatedHost.Vm alive(UUID vmId, String verb) throws DriverException {
        SimulatedHost.Vm vm = host.vms.get(vmId);
        if (vm == null) {
            throw new DriverException(DriverException.Code.NO_SUCH_VM, "no VM " + vmId + " on this host");
        }
        if (!vm.state.isAlive()) {
            throw wrongState(vm, verb);
        }
        return vm;
    }

    private static DriverException wrongState(SimulatedHost.Vm vm, String verb) {
        return new DriverException(DriverException.Code.WRONG_STATE,
                "cannot %s VM %s: it is %s".formatted(verb, vm.definition.name(), vm.state.name().toLowerCase()));
    }

    private void schedule(Duration delay, Runnable task) {
        scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The slow-operations fault blocks the caller, as a QEMU that answers QMP late would. */
    private void slow() {
        Duration delay = config.faults().slowOperations();
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
