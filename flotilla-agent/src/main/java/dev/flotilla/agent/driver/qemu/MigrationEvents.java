package dev.flotilla.agent.driver.qemu;

import dev.flotilla.agent.driver.MigrationSettings;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * QEMU's MIGRATION and MIGRATION_PASS events of one VM, handed from the QMP reader thread to the
 * thread that drives the migration. Waiting on them instead of polling {@code query-migrate}
 * every few milliseconds means the source notices "completed" the moment QEMU says it, and the
 * poll's CPU goes back to QEMU, which on a small host is what the migration itself runs on
 * (BENCHMARKS.md, live migration, finding 13). Also the settings a prepared migration has set in
 * QEMU ahead of it, so the migration itself does not set them again.
 */
final class MigrationEvents {

    private final LinkedBlockingQueue<String> statuses = new LinkedBlockingQueue<>();
    private volatile MigrationSettings prepared;

    /** The settings now set in QEMU for the next migration; null when a migration has used them. */
    void prepared(MigrationSettings settings) {
        prepared = settings;
    }

    boolean isPrepared(MigrationSettings settings) {
        return settings.equals(prepared);
    }

    /** Takes the event when it is a migration's; false for every other event. */
    boolean offer(QmpClient.Event event) {
        switch (event.name()) {
            case "MIGRATION" -> statuses.offer(event.data().path("status").asText(""));
            case "MIGRATION_PASS" -> statuses.offer("pass");
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Forgets events of an earlier migration, before a new one starts. */
    void clear() {
        statuses.clear();
    }

    /**
     * The next migration event's status ("pass" for a new pass over memory), or null when none came
     * within {@code millis}.
     */
    String await(long millis) throws InterruptedException {
        return statuses.poll(millis, TimeUnit.MILLISECONDS);
    }
}
