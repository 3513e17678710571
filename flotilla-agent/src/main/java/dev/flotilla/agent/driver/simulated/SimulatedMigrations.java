package dev.flotilla.agent.driver.simulated;

import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.driver.MigrationProgress;
import dev.flotilla.agent.driver.MigrationResult;
import dev.flotilla.agent.driver.MigrationSettings;
import dev.flotilla.agent.driver.RunState;
import dev.flotilla.agent.driver.VmDefinition;
import dev.flotilla.agent.driver.VmStateChange;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Live migration between simulated hosts of one JVM (a scale run or a demo runs its agents in one
 * process): the incoming VM is registered under a port unique in the JVM, the source "sends" the
 * guest's memory at the allowed bandwidth (at most a couple of seconds) while reporting progress,
 * then the guest runs on the target and stops at the source. Between processes it fails clearly.
 */
final class SimulatedMigrations {

    private record Incoming(SimulatedHost host, UUID vmId) {
    }

    private static final Map<Integer, Incoming> INCOMING = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT_PORT = new AtomicInteger(20000);
    private static final long DEFAULT_BYTES_PER_SECOND = 1024L * 1024 * 1024;
    private static final long MAX_MILLIS = 2000;
    private static final long TICK_MILLIS = 200;

    private final Set<UUID> cancelled = ConcurrentHashMap.newKeySet();

    /** Registers {@code vm} (already in {@code host}, STARTING) as waiting for its migration; returns its port. */
    static int listen(SimulatedHost host, UUID vmId) {
        int port = NEXT_PORT.getAndUpdate(p -> p >= 65000 ? 20000 : p + 1);
        INCOMING.put(port, new Incoming(host, vmId));
        return port;
    }

    void cancel(UUID vmId) {
        cancelled.add(vmId);
    }

    MigrationResult migrate(SimulatedHost source, VmDefinition def, int port, MigrationSettings settings,
                            Consumer<MigrationProgress> progress) throws DriverException {
        Incoming target = INCOMING.remove(port);
        if (target == null || !target.vmId().equals(def.id())) {
            throw new DriverException(DriverException.Code.DRIVER_FAILURE, "no simulated VM %s waits on port %d in this process"
                    .formatted(def.name(), port) + " (the simulated driver migrates only between agents of one process)");
        }
        cancelled.remove(def.id());
        long bytes = def.memoryMiB() * 1024 * 1024 / 3; // an idle guest has touched about a third of its memory
        long rate = settings.maxBandwidthBytesPerSecond() > 0 ? settings.maxBandwidthBytesPerSecond() : DEFAULT_BYTES_PER_SECOND;
        long millis = Math.min(MAX_MILLIS, Math.max(TICK_MILLIS, bytes * 1000 / rate));
        long started = System.currentTimeMillis();
        for (long elapsed = 0; elapsed < millis; elapsed = System.currentTimeMillis() - started) {
            if (cancelled.remove(def.id())) {
                stop(target.host(), def.id(), "the incoming migration was cancelled");
                throw new DriverException(DriverException.Code.DRIVER_FAILURE,
                        "the migration of VM %s failed: it was cancelled; it still runs here".formatted(def.name()));
            }
            long sent = bytes * elapsed / millis;
            progress.accept(new MigrationProgress(def.id(), "active", bytes, bytes - sent, sent, 0, settings.maxDowntimeMs(), 5));
            sleep(TICK_MILLIS);
        }
        long downtime = ThreadLocalRandom.current().nextLong(3, Math.max(4, Math.min(15, settings.maxDowntimeMs())));
        progress.accept(new MigrationProgress(def.id(), "completed", bytes, 0, bytes, 0, settings.maxDowntimeMs(), downtime));
        run(target.host(), def.id());
        stop(source, def.id(), "migrated to port " + port);
        return new MigrationResult(downtime, System.currentTimeMillis() - started, 1, bytes, settings.maxDowntimeMs(), 0, 0);
    }

    private static void run(SimulatedHost host, UUID vmId) {
        synchronized (host) {
            SimulatedHost.Vm vm = host.vms.get(vmId);
            if (vm == null) {
                return;
            }
            vm.state = RunState.RUNNING;
            vm.reason = "running";
        }
        host.publish(new VmStateChange(vmId, RunState.RUNNING, "running", Instant.now()));
    }

    private static void stop(SimulatedHost host, UUID vmId, String why) {
        synchronized (host) {
            SimulatedHost.Vm vm = host.vms.get(vmId);
            if (vm == null) {
                return;
            }
            vm.state = RunState.STOPPED;
            vm.reason = why;
        }
        host.publish(new VmStateChange(vmId, RunState.STOPPED, why, Instant.now()));
    }

    private static void sleep(long millis) throws DriverException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(DriverException.Code.DRIVER_FAILURE, "interrupted while migrating");
        }
    }
}
