package dev.flotilla.agent.managerlink;

import dev.flotilla.agent.domainmonitor.DomainHealth;
import dev.flotilla.agent.domainmonitor.DomainMonitor;
import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.storage.StorageConnection;
import dev.flotilla.protocol.v1.StorageDomainSpec;
import dev.flotilla.protocol.v1.WatchDomains;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/** Translation between the domain monitor and its protocol messages (WatchDomains in, DomainHealth out). */
final class DomainWire {

    private static final Logger LOG = Logger.getLogger(DomainWire.class.getName());

    private DomainWire() {
    }

    /** The domains to watch; one the agent cannot understand is left out (and logged), the others are still watched. */
    static Map<String, StorageConnection> domains(WatchDomains watch) {
        Map<String, StorageConnection> domains = new LinkedHashMap<>();
        for (StorageDomainSpec spec : watch.getDomainsList()) {
            try {
                domains.put(spec.getDomainId(), StorageWire.connection(spec));
            } catch (DriverException e) {
                LOG.warning("cannot watch storage domain " + spec.getDomainId() + ": " + e.getMessage());
            }
        }
        return domains;
    }

    /** The manager's timing, or the monitor's defaults for a value it left out. */
    static DomainMonitor.Settings settings(WatchDomains watch) {
        DomainMonitor.Settings d = DomainMonitor.Settings.DEFAULT;
        return new DomainMonitor.Settings(
                watch.getCheckIntervalMs() > 0 ? Duration.ofMillis(watch.getCheckIntervalMs()) : d.interval(),
                watch.getCheckTimeoutMs() > 0 ? Duration.ofMillis(watch.getCheckTimeoutMs()) : d.timeout());
    }

    static dev.flotilla.protocol.v1.DomainHealth health(DomainHealth h) {
        var b = dev.flotilla.protocol.v1.DomainHealth.newBuilder().setDomainId(h.domainId()).setValid(h.valid())
                .setChecked(h.checked()).setLastCheckDelayMs(h.lastCheckDelay().toMillis())
                .setLastCheckAgeMs(h.lastCheckAge().toMillis()).setError(h.error());
        h.totalBytes().ifPresent(b::setTotalBytes);
        h.freeBytes().ifPresent(b::setFreeBytes);
        return b.build();
    }
}
