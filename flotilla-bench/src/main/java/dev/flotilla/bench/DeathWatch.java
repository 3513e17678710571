package dev.flotilla.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Times how long the manager takes to show dead hosts as Connecting and then NonResponsive, by
 * polling the (short) filtered host lists every 200 ms from the moment the hosts died.
 */
final class DeathWatch {

    record Result(Latencies connecting, Latencies nonResponsive, int missing) {
    }

    /** Watches until every host reached NonResponsive, or the timeout. */
    static Map<String, Result> watch(Api api, long diedNanos, Map<String, Set<String>> groups, Duration timeout) throws Exception {
        Map<String, Long> connectingAt = new HashMap<>();
        Map<String, Long> nonResponsiveAt = new HashMap<>();
        int total = groups.values().stream().mapToInt(Set::size).sum();
        long deadline = diedNanos + timeout.toNanos();
        while (nonResponsiveAt.size() < total && System.nanoTime() < deadline) {
            long now = System.nanoTime();
            for (Api.HostView h : api.hosts("Connecting")) {
                connectingAt.putIfAbsent(h.id(), now);
            }
            for (Api.HostView h : api.hosts("NonResponsive")) {
                // a host may pass through Connecting between two polls; it was Connecting by now at the latest
                connectingAt.putIfAbsent(h.id(), now);
                nonResponsiveAt.putIfAbsent(h.id(), now);
            }
            Thread.sleep(200);
        }
        Map<String, Result> results = new HashMap<>();
        groups.forEach((name, ids) -> {
            Latencies c = new Latencies();
            Latencies n = new Latencies();
            int missing = 0;
            for (String id : ids) {
                Long ca = connectingAt.get(id);
                Long na = nonResponsiveAt.get(id);
                if (ca != null) {
                    c.recordNanos(ca - diedNanos);
                }
                if (na != null) {
                    n.recordNanos(na - diedNanos);
                } else {
                    missing++;
                }
            }
            results.put(name, new Result(c, n, missing));
        });
        return results;
    }
}
