package dev.flotilla.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Flotilla's wall time of one migration round, split at the manager's timeline marks. */
final class MigrationPhases {

    private MigrationPhases() {
    }

    /**
     * The wall time of one round split at the manager's timeline marks ({@code GET /migration}'s
     * {@code timeline}) and the source agent's own figures; consecutive, so they add up to the wall.
     * The manager's marks are on its clock (nanoTime since it accepted the call); the client's
     * POST instant and the manager's {@code startedAt} share the machine's wall clock.
     */
    static final List<String> PHASES = List.of(
            "a. POST → the manager accepted it (HTTP, sign-in, access check)",
            "b. accepted → committed (checks, scheduler, transaction with the start event)",
            "c. committed → target asked (the 202's bookkeeping, the runner's thread, the VM's disks read)",
            "d1. target asked → the agent launches QEMU (gRPC, the agent's preparation; its stamp in qemu.log)",
            "d2. QEMU launched → target ready (QEMU start, QMP, `migrate-incoming`, the answer back)",
            "e. target ready → source asked",
            "f. source agent before QEMU sends (gRPC in, queue, capabilities, parameters, `migrate`)",
            "g. QEMU's total-time",
            "h. source agent after QEMU's completed (figures, `quit`)",
            "i. source asked → answered, the rest (gRPC both ways, QEMU's completed event to the agent)",
            "j. source answered → recorded (the VM's row Up on the target)",
            "k. recorded → the client has the answer (the long poll wakes and answers Completed)");

    static Map<String, Double> of(JsonNode m, Instant postAt, double wallMs, double launchMs) {
        JsonNode t = m.path("timeline");
        JsonNode at = t.path("sinceAcceptedMs");
        Map<String, Double> p = new LinkedHashMap<>();
        if (!at.has("recorded")) {
            return p;
        }
        double committed = at.path("committed").asDouble();
        double postToCommitted = Duration.between(postAt, Api.instant(m.path("startedAt"))).toNanos() / 1e6;
        double setup = t.path("sourceAgentSetupMs").asDouble();
        double finish = t.path("sourceAgentFinishMs").asDouble();
        double total = m.path("totalTimeMs").asDouble();
        double asked = at.path("sourceAsked").asDouble();
        double answered = at.path("sourceAnswered").asDouble();
        double recorded = at.path("recorded").asDouble();
        double asking = at.path("targetAsked").asDouble();
        double launched = launchMs - (postToCommitted - committed) - asking;   // since the target was asked
        double[] v = {postToCommitted - committed, committed, asking - committed,
                launched, at.path("targetReady").asDouble() - asking - launched, asked - at.path("targetReady").asDouble(),
                setup, total, finish, answered - asked - setup - total - finish, recorded - answered,
                wallMs - postToCommitted - (recorded - committed)};
        for (int i = 0; i < v.length; i++) {
            p.put(PHASES.get(i), v[i]);
        }
        return p;
    }
}
