package dev.flotilla.agent.managerlink;

import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.driver.HypervisorDriver;
import dev.flotilla.agent.driver.VmState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The host's half of "never twice" (Proxmox's watchdog in software): the manager renews a lease
 * for every heartbeat it hears; the lease runs from the moment the agent SENT that heartbeat, on
 * the agent's monotonic clock, so it always ends before the manager's own wait (last heartbeat
 * received + lease + margin). When it runs out the agent powers off its highly available VMs hard:
 * the manager may restart them elsewhere from then on, and a VM whose storage hangs in a partition
 * would never notice by itself.
 *
 * <p>The lease length and the HA VMs are kept in a file, so an agent restarted while cut off
 * still fences the VMs it re-attached to (the lease then runs from the agent's start).
 */
final class SelfFence {

    private static final Logger LOG = Logger.getLogger(SelfFence.class.getName());

    private final HypervisorDriver driver;
    private final Path stateFile;
    private final LongSupplier nanoClock;
    private final String agentName;
    private final Set<String> haVms = new HashSet<>();
    private long leaseNanos;
    private long expiresAt;
    private boolean armed;
    private boolean expiredLogged;

    SelfFence(HypervisorDriver driver, Path stateFile, LongSupplier nanoClock, String agentName) {
        this.driver = driver;
        this.stateFile = stateFile;
        this.nanoClock = nanoClock;
        this.agentName = agentName;
        load();
    }

    /**
     * The manager heard a message the agent sent at {@code sentAtNanos}. A renewal for an older
     * message than the one already counted does not shorten the lease.
     */
    synchronized void renewed(long sentAtNanos, long leaseMs, Collection<String> haVmIds) {
        long lease = Math.max(0, leaseMs) * 1_000_000L;
        boolean changed = lease != leaseNanos || !haVms.equals(new HashSet<>(haVmIds));
        leaseNanos = lease;
        haVms.clear();
        haVms.addAll(haVmIds);
        long expiry = sentAtNanos + lease;
        if (!armed || expiry - expiresAt > 0) {
            expiresAt = expiry;
        }
        armed = lease > 0;
        if (expiredLogged && !isExpired()) {
            LOG.warning("[" + agentName + "] the manager renewed the lease again; self-fencing stopped");
            expiredLogged = false;
        }
        if (changed) {
            save();
        }
    }

    /** A VM the manager started here; a highly available one is fenced with the others from now on. */
    synchronized void started(String vmId, boolean highlyAvailable) {
        if (highlyAvailable ? haVms.add(vmId) : haVms.remove(vmId)) {
            save();
        }
    }

    synchronized boolean isExpired() {
        return armed && nanoClock.getAsLong() - expiresAt > 0;
    }

    synchronized Set<String> haVms() {
        return Set.copyOf(haVms);
    }

    /** Run every ~250 ms: once the lease ran out, every live HA VM is powered off (again and again, until none runs). */
    void check() {
        List<UUID> victims = new ArrayList<>();
        long overdueMs;
        synchronized (this) {
            if (!isExpired()) {
                return;
            }
            overdueMs = (nanoClock.getAsLong() - expiresAt) / 1_000_000L;
            for (VmState vm : driver.vms()) {
                if (vm.state().isAlive() && haVms.contains(vm.id().toString())) {
                    victims.add(vm.id());
                }
            }
            if (!expiredLogged && victims.isEmpty()) {
                expiredLogged = true;
                LOG.warning("[" + agentName + "] no lease renewal from the manager for " + leaseNanos / 1_000_000L
                        + " ms; no highly available VM runs here, so there is nothing to fence");
            } else if (!expiredLogged) {
                expiredLogged = true;
                LOG.severe("[" + agentName + "] SELF-FENCING: no lease renewal from the manager for " + leaseNanos / 1_000_000L
                        + " ms (" + overdueMs + " ms overdue); powering off the " + victims.size()
                        + " highly available VM(s) so they can be restarted elsewhere without running twice");
            }
        }
        for (UUID id : victims) {
            try {
                driver.powerOff(id);
                LOG.severe("[" + agentName + "] self-fencing: powered off highly available VM " + id);
            } catch (DriverException e) {
                LOG.log(Level.WARNING, "[" + agentName + "] self-fencing: could not power off VM " + id + ": " + e.getMessage());
            }
        }
    }

    private void load() {
        if (stateFile == null || !Files.isRegularFile(stateFile)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(stateFile, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                return;
            }
            leaseNanos = Long.parseLong(lines.get(0).trim()) * 1_000_000L;
            lines.stream().skip(1).map(String::trim).filter(s -> !s.isEmpty()).forEach(haVms::add);
            armed = leaseNanos > 0;
            // an agent that just started has not heard the manager yet: its lease runs from now
            expiresAt = nanoClock.getAsLong() + leaseNanos;
        } catch (IOException | RuntimeException e) {
            LOG.warning("[" + agentName + "] cannot read the lease state " + stateFile + ": " + e.getMessage());
        }
    }

    private void save() {
        if (stateFile == null) {
            return;
        }
        StringBuilder text = new StringBuilder().append(leaseNanos / 1_000_000L).append('\n');
        haVms.stream().sorted().forEach(id -> text.append(id).append('\n'));
        try {
            Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warning("[" + agentName + "] cannot write the lease state " + stateFile + ": " + e.getMessage());
        }
    }
}
