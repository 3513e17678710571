package dev.flotilla.agent.managerlink;

import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.driver.HypervisorDriver;
import dev.flotilla.agent.driver.VmState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The host's half of "never twice" (Proxmox's watchdog in software): the manager renews a lease
 * for every heartbeat it hears; the lease runs from the moment the agent SENT that heartbeat, on
 * the agent's monotonic clock, so it ends before the manager's own wait (last heartbeat received +
 * lease + drift + margin). The highly available VMs must be DEAD when the lease ends, not merely
 * asked to stop: so the agent starts killing them {@link Terms#leadNanos()} (one check interval
 * plus the kill budget) before the end, with SIGKILL (no QMP request a starved or hung QEMU could
 * answer late), and waits for each process to be gone. The terms come from the manager with each
 * renewal, so both sides count with one set of figures.
 *
 * <p>The terms and the HA VMs are kept in a file, so an agent restarted while cut off still fences
 * the VMs it re-attached to (the lease then runs from the agent's start).
 */
final class SelfFence {

    private static final Logger LOG = Logger.getLogger(SelfFence.class.getName());
    private static final long MS = 1_000_000L;

    /** The manager's figures: lease, how often the agent checks it, how long a kill may take. */
    record Terms(long leaseMs, long checkIntervalMs, long killBudgetMs) {
        static final Terms OFF = new Terms(0, 250, 0);

        Terms {
            checkIntervalMs = checkIntervalMs > 0 ? checkIntervalMs : 250;
            killBudgetMs = Math.max(0, killBudgetMs);
        }

        /** How long before the lease ends the kills begin; never more than half the lease (bad terms must not fence a healthy host). */
        long leadNanos() {
            return Math.min(checkIntervalMs + killBudgetMs, leaseMs / 2) * MS;
        }
    }

    private final HypervisorDriver driver;
    private final Path stateFile;
    private final LongSupplier nanoClock;
    private final String agentName;
    private final Set<String> haVms = new HashSet<>();
    /** HA VMs started here that no renewal has named yet, and when: a renewal computed before the start must not drop them. */
    private final Map<String, Long> startedSince = new HashMap<>();
    private Terms terms = Terms.OFF;
    private long sentAt;
    private long expiresAt;
    private boolean armed;
    private boolean fencing;

    SelfFence(HypervisorDriver driver, Path stateFile, LongSupplier nanoClock, String agentName) {
        this.driver = driver;
        this.stateFile = stateFile;
        this.nanoClock = nanoClock;
        this.agentName = agentName;
        load();
    }

    /** Checks the lease now and then again every check interval of the terms in force. */
    void start(ScheduledExecutorService scheduler, java.util.function.BooleanSupplier stopped) {
        scheduler.schedule(() -> {
            try {
                check();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "[" + agentName + "] self-fencing check failed", e);
            }
            if (!stopped.getAsBoolean()) {
                start(scheduler, stopped);
            }
        }, terms().checkIntervalMs(), TimeUnit.MILLISECONDS);
    }

    /**
     * The manager heard a message the agent sent at {@code sentAtNanos}. A renewal for an older
     * message than the one already counted does not shorten the lease.
     */
    synchronized void renewed(long sentAtNanos, Terms newTerms, Collection<String> haVmIds) {
        Set<String> named = new HashSet<>(haVmIds);
        named.forEach(startedSince::remove);
        // a start the renewal's list may predate stays fenced until a renewal names it or a lease has passed since
        startedSince.values().removeIf(started -> sentAtNanos - started > newTerms.leaseMs() * MS);
        named.addAll(startedSince.keySet());
        boolean changed = !newTerms.equals(terms) || !haVms.equals(named);
        terms = newTerms;
        haVms.clear();
        haVms.addAll(named);
        long expiry = sentAtNanos + newTerms.leaseMs() * MS;
        if (!armed || expiry - expiresAt > 0) {
            expiresAt = expiry;
            sentAt = sentAtNanos;
        }
        armed = newTerms.leaseMs() > 0;
        if (fencing && !fenceDue()) {
            LOG.warning("[" + agentName + "] the manager renewed the lease again; self-fencing stopped");
            fencing = false;
        }
        if (changed) {
            save();
        }
    }

    /** A VM the manager started here; a highly available one is fenced with the others from now on. */
    synchronized void started(String vmId, boolean highlyAvailable) {
        if (highlyAvailable) {
            startedSince.put(vmId, nanoClock.getAsLong());
        } else {
            startedSince.remove(vmId);
        }
        if (highlyAvailable ? haVms.add(vmId) : haVms.remove(vmId)) {
            save();
        }
    }

    /** True from one lead before the lease ends: time to kill the HA VMs so they are dead when it ends. */
    synchronized boolean fenceDue() {
        return armed && nanoClock.getAsLong() - (expiresAt - terms.leadNanos()) >= 0;
    }

    synchronized Set<String> haVms() {
        return Set.copyOf(haVms);
    }

    synchronized Terms terms() {
        return terms;
    }

    /** Once the fence is due, every live HA VM is killed (again at each check, until none runs) and its exit awaited. */
    void check() {
        List<UUID> victims = new ArrayList<>();
        long now;
        long leaseEnd;
        Terms t;
        synchronized (this) {
            if (!fenceDue()) {
                return;
            }
            now = nanoClock.getAsLong();
            leaseEnd = expiresAt;
            t = terms;
            for (VmState vm : driver.vms()) {
                if (vm.state().isAlive() && haVms.contains(vm.id().toString())) {
                    victims.add(vm.id());
                }
            }
            if (victims.isEmpty()) {
                if (!fencing) {
                    fencing = true;
                    LOG.warning("[" + agentName + "] no lease renewal from the manager since the heartbeat sent " + (now - sentAt) / MS
                            + " ms ago (lease " + t.leaseMs() + " ms); no highly available VM runs here, so there is nothing to fence");
                }
                return;
            }
            fencing = true;
        }
        LOG.severe("[" + agentName + "] SELF-FENCING: no lease renewal since the heartbeat sent " + (now - sentAt) / MS + " ms ago; the "
                + t.leaseMs() + " ms lease ends in " + (leaseEnd - now) / MS + " ms (check every " + t.checkIntervalMs() + " ms, kill budget "
                + t.killBudgetMs() + " ms); killing the " + victims.size() + " highly available VM(s) so they can be restarted elsewhere"
                + " without running twice");
        for (UUID id : victims) {
            long left = Math.max(leaseEnd - nanoClock.getAsLong(), 0);
            try {
                boolean gone = driver.kill(id, "killed by self-fencing: no lease renewal from the manager", Duration.ofNanos(Math.max(left, t.killBudgetMs() * MS)));
                long margin = (leaseEnd - nanoClock.getAsLong()) / MS;
                if (gone && margin >= 0) {
                    LOG.severe("[" + agentName + "] self-fencing: highly available VM " + id + " is dead, " + margin + " ms before the lease ended");
                } else {
                    LOG.severe("[" + agentName + "] self-fencing: highly available VM " + id + (gone ? " died " + -margin + " ms AFTER" : " is still alive "
                            + -margin + " ms after") + " the lease ended: the kill budget is too small for this machine");
                }
            } catch (DriverException e) {
                LOG.log(Level.WARNING, "[" + agentName + "] self-fencing: could not kill VM " + id + ": " + e.getMessage());
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
            String[] figures = lines.get(0).trim().split("\\s+");
            terms = new Terms(Long.parseLong(figures[0]), figures.length > 1 ? Long.parseLong(figures[1]) : 0,
                    figures.length > 2 ? Long.parseLong(figures[2]) : 0);
            lines.stream().skip(1).map(String::trim).filter(s -> !s.isEmpty()).forEach(haVms::add);
            armed = terms.leaseMs() > 0;
            // an agent that just started has not heard the manager yet: its lease runs from now
            sentAt = nanoClock.getAsLong();
            expiresAt = sentAt + terms.leaseMs() * MS;
        } catch (IOException | RuntimeException e) {
            LOG.warning("[" + agentName + "] cannot read the lease state " + stateFile + ": " + e.getMessage());
        }
    }

    private void save() {
        if (stateFile == null) {
            return;
        }
        StringBuilder text = new StringBuilder().append(terms.leaseMs()).append(' ').append(terms.checkIntervalMs()).append(' ')
                .append(terms.killBudgetMs()).append('\n');
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
