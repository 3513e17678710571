package dev.flotilla.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts heartbeats the manager handled, as seen through the API: a host's {@code lastHeartbeatAt}
 * is set by the manager when it processes a heartbeat, so each new value seen is one handled
 * heartbeat. Polling faster than the heartbeat interval sees every one (two heartbeats of one host
 * within one poll would count once, so this is a lower bound). Also keeps the worst staleness and how many hosts were not Up.
 */
final class HeartbeatWatch {

    record Result(long heartbeats, double seconds, double maxAgeSeconds, int polls, Latencies listAll, int maxNotUp) {
        double perSecond() {
            return heartbeats / seconds;
        }
    }

    static Result watch(Api api, Duration window) throws Exception {
        Map<String, Instant> last = new HashMap<>();
        Latencies listAll = new Latencies();
        long heartbeats = 0;
        double maxAge = 0;
        int polls = 0;
        int maxNotUp = 0;
        long t0 = System.nanoTime();
        Instant firstPoll = null;
        Instant lastPoll = null;
        while (System.nanoTime() - t0 < window.toNanos()) {
            var hosts = listAll.time(() -> api.hosts(null));
            Instant now = Instant.now();
            polls++;
            maxNotUp = Math.max(maxNotUp, (int) hosts.stream().filter(h -> !"Up".equals(h.status())).count());
            for (Api.HostView h : hosts) {
                // every host with a live stream heartbeats, whatever its status (a host stuck in
                // Connecting still sends them)
                if (h.lastHeartbeat() == null) {
                    continue;
                }
                Instant before = last.put(h.id(), h.lastHeartbeat());
                if (before != null && !before.equals(h.lastHeartbeat())) {
                    heartbeats++;
                }
                // the first poll's ages start from placement traffic; count ages from the second on
                if (firstPoll != null) {
                    maxAge = Math.max(maxAge, Duration.between(h.lastHeartbeat(), now).toMillis() / 1000.0);
                }
            }
            if (firstPoll == null) {
                firstPoll = now;
            }
            lastPoll = now;
            Thread.sleep(200);
        }
        double seconds = Duration.between(firstPoll, lastPoll).toMillis() / 1000.0;
        return new Result(heartbeats, seconds, maxAge, polls, listAll, maxNotUp);
    }
}
