package dev.flotilla.agent.domainmonitor;

import dev.flotilla.agent.storage.StorageConnection;
import dev.flotilla.agent.storage.StorageException;
import dev.flotilla.agent.storage.StorageReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Watches the storage domains the manager names: every interval each domain gets one check on a
 * thread of the monitor's own pool (never the agent's scheduler, which only starts checks). A
 * domain has at most one check running: a check that overran its timeout makes the domain invalid
 * ("no answer … for 12 s") and no new check starts until it returns, so a server that hangs costs
 * one stuck thread per domain, not one per interval.
 */
public final class DomainMonitor implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DomainMonitor.class.getName());

    /** How often each domain is read, and how long a read may take before the domain is invalid. */
    public record Settings(Duration interval, Duration timeout) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    private final DomainCheck check;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier nanoClock;
    private final ExecutorService checks = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "flotilla-domain-check");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Watch> watches = new HashMap<>();
    private Settings settings = Settings.DEFAULT;

    public DomainMonitor(DomainCheck check, ScheduledExecutorService scheduler, LongSupplier nanoClock) {
        this.check = check;
        this.scheduler = scheduler;
        this.nanoClock = nanoClock;
    }

    /**
     * From now on watches exactly {@code domains} (id → where it is). A domain already watched at the
     * same place keeps its state and its schedule, unless the settings changed.
     */
    public synchronized void watch(Map<String, StorageConnection> domains, Settings next) {
        boolean reschedule = !next.equals(settings);
        settings = next;
        watches.entrySet().removeIf(e -> {
            boolean drop = reschedule || !e.getValue().domain.equals(domains.get(e.getKey()));
            if (drop) {
                e.getValue().stop();
            }
            return drop;
        });
        domains.forEach((id, domain) -> watches.computeIfAbsent(id, k -> {
            Watch w = new Watch(id, domain);
            w.ticks = scheduler.scheduleWithFixedDelay(w::tick, 0, next.interval().toMillis(), TimeUnit.MILLISECONDS);
            return w;
        }));
    }

    /** The state of every watched domain, for the heartbeat. */
    public synchronized List<DomainHealth> health() {
        List<DomainHealth> all = new ArrayList<>();
        long now = nanoClock.getAsLong();
        watches.values().forEach(w -> all.add(w.health(now, settings.timeout())));
        return all;
    }

    /** Where each watched domain is, by id (the stall rule and the disk reports map disk locations to domains with it). */
    public synchronized Map<String, StorageConnection> watched() {
        Map<String, StorageConnection> all = new HashMap<>();
        watches.forEach((id, w) -> all.put(id, w.domain));
        return all;
    }

    @Override
    public synchronized void close() {
        watches.values().forEach(Watch::stop);
        watches.clear();
        checks.shutdownNow();
    }

    /** One domain: its schedule, the running check if any, and what the last ended check found. */
    private final class Watch {
        final String id;
        final StorageConnection domain;
        ScheduledFuture<?> ticks;
        boolean stopped;
        long runningSince = -1;
        long lastEnd = -1;
        long lastDelay;
        String error = "";
        OptionalLong total = OptionalLong.empty();
        OptionalLong free = OptionalLong.empty();
        String lastLogged = "";

        Watch(String id, StorageConnection domain) {
            this.id = id;
            this.domain = domain;
        }

        void tick() {
            Duration timeout;
            synchronized (DomainMonitor.this) {
                if (stopped || runningSince >= 0) {
                    return;    // still waiting for the last check: one stuck thread per domain at most
                }
                runningSince = nanoClock.getAsLong();
                timeout = settings.timeout();
            }
            try {
                checks.execute(() -> run(timeout));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the monitor is closing
            }
        }

        private void run(Duration timeout) {
            StorageReport report = null;
            String failure;
            try {
                report = check.check(domain, timeout);
                failure = "";
            } catch (StorageException e) {
                failure = e.getMessage();
            } catch (RuntimeException e) {
                failure = "the check failed: " + e;
            }
            synchronized (DomainMonitor.this) {
                long end = nanoClock.getAsLong();
                lastDelay = end - runningSince;
                lastEnd = end;
                runningSince = -1;
                if (failure.isEmpty() && lastDelay > timeout.toNanos()) {
                    failure = "%s answered only after %d ms (timeout %d ms)".formatted(domain.describe(),
                            TimeUnit.NANOSECONDS.toMillis(lastDelay), timeout.toMillis());
                }
                error = failure;
                if (report != null) {
                    total = report.totalBytes().isPresent() ? report.totalBytes() : total;
                    free = report.freeBytes().isPresent() ? report.freeBytes() : free;
                }
                if (!failure.equals(lastLogged)) {
                    lastLogged = failure;
                    LOG.info(() -> "storage domain " + id + " (" + domain.describe() + ") is "
                            + (error.isEmpty() ? "valid" : "invalid: " + error));
                }
            }
        }

        DomainHealth health(long now, Duration timeout) {
            boolean overran = runningSince >= 0 && now - runningSince > timeout.toNanos();
            if (overran) {
                long waiting = now - runningSince;
                return new DomainHealth(id, true, false, Duration.ofNanos(waiting), Duration.ofNanos(waiting),
                        "no answer from %s for %d s (timeout %d s)".formatted(domain.describe(),
                                TimeUnit.NANOSECONDS.toSeconds(waiting), timeout.toSeconds()), total, free);
            }
            boolean checked = lastEnd >= 0;
            return new DomainHealth(id, checked, checked && error.isEmpty(), Duration.ofNanos(lastDelay),
                    checked ? Duration.ofNanos(now - lastEnd) : Duration.ZERO, error, total, free);
        }

        void stop() {
            stopped = true;
            if (ticks != null) {
                ticks.cancel(false);
            }
        }
    }
}
