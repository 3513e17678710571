package dev.flotilla.manager.host;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * What the manager knows live about each host: is its stream open, when did it last speak, its
 * latest stats. Kept in memory on purpose: heartbeats arrive every few seconds from every host
 * and writing each one to the database would be the manager's main load at a thousand hosts.
 */
@Component
public class HostPresence {

    public record Live(boolean connected, Instant lastContact, HostStats stats) {
    }

    private final Map<UUID, Live> live = new ConcurrentHashMap<>();

    public void connected(UUID hostId, Instant now) {
        live.compute(hostId, (id, old) -> new Live(true, now, old == null ? null : old.stats()));
    }

    public void heard(UUID hostId, Instant now, HostStats stats) {
        live.compute(hostId, (id, old) -> new Live(old == null || old.connected(), now, stats == null && old != null ? old.stats() : stats));
    }

    public void disconnected(UUID hostId) {
        live.computeIfPresent(hostId, (id, old) -> new Live(false, old.lastContact(), old.stats()));
    }

    /** After a manager start nobody has spoken yet: silence is counted from now, not from the last run. */
    public void expectSince(UUID hostId, Instant now) {
        live.putIfAbsent(hostId, new Live(false, now, null));
    }

    public Optional<Live> get(UUID hostId) {
        return Optional.ofNullable(live.get(hostId));
    }

    public boolean isConnected(UUID hostId) {
        Live l = live.get(hostId);
        return l != null && l.connected();
    }

    public void forget(UUID hostId) {
        live.remove(hostId);
    }
}
