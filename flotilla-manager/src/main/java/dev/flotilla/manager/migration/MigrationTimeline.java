package dev.flotilla.manager.migration;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When one migration reached each of its steps, in milliseconds since the manager accepted the
 * call, and the source agent's own time before and after QEMU's: where the time between the API
 * call and the VM running on its target went. The steps, in order: {@code committed} (the VM is
 * MigratingFrom), {@code targetAsked}, {@code targetReady} (the incoming QEMU listens),
 * {@code sourceAsked}, {@code sourceAnswered} (QEMU completed and the source's copy quit) and
 * {@code recorded} (the VM's row says Up on the target; waiting clients are woken right after).
 */
public record MigrationTimeline(@JsonIgnore long acceptedNanos, Map<String, Long> sinceAcceptedMs, Long sourceAgentSetupMs,
                                Long sourceAgentFinishMs) {

    static MigrationTimeline acceptedAt(long nanos) {
        return new MigrationTimeline(nanos, Map.of(), null, null);
    }

    MigrationTimeline mark(String step, long nanos) {
        Map<String, Long> steps = new LinkedHashMap<>(sinceAcceptedMs);
        steps.putIfAbsent(step, Math.round((nanos - acceptedNanos) / 1e6));
        return new MigrationTimeline(acceptedNanos, Collections.unmodifiableMap(steps), sourceAgentSetupMs, sourceAgentFinishMs);
    }

    MigrationTimeline withSourceAgent(long setupMs, long finishMs) {
        return new MigrationTimeline(acceptedNanos, sinceAcceptedMs, setupMs, finishMs);
    }
}
