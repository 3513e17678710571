package dev.flotilla.agent.driver.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.driver.MigrationProgress;
import dev.flotilla.agent.driver.MigrationResult;
import dev.flotilla.agent.driver.MigrationSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The source side of one live migration: sets QEMU's capabilities and parameters, starts it, and
 * watches {@code query-migrate} until it ends. The policy (oVirt's "minimal downtime", with lower
 * steps): when a few more passes over memory have not finished it, the allowed downtime goes up to
 * the next step; past the last step it switches to post-copy when allowed, else cancels. A failed
 * or cancelled migration leaves the guest running here (QEMU resumes it).
 */
final class QemuMigration {

    /** Passes over guest memory (dirty syncs) allowed at one downtime limit before the next step. */
    static final int PASSES_PER_STEP = 3;
    /** "No limit" for QEMU's max-bandwidth, whose own default (128 MiB/s) is a cap, not a law. */
    static final long UNLIMITED_BYTES_PER_SECOND = 10L * 1024 * 1024 * 1024;
    /**
     * Between QEMU's own MIGRATION / MIGRATION_PASS events, query-migrate is asked this often anyway
     * (progress, the downtime steps, and a lost event cannot stall the loop).
     */
    private static final long WAKE_MILLIS = 100;
    /** QEMU 7.2 says "completed" a moment before it fills in its figures: ask again this soon. */
    private static final long FIGURES_RETRY_MILLIS = 2;
    private static final long PROGRESS_EVERY_MILLIS = 500;

    private final RunningVm vm;
    private final MigrationSettings settings;
    private final Consumer<MigrationProgress> progress;

    QemuMigration(RunningVm vm, MigrationSettings settings, Consumer<MigrationProgress> progress) {
        this.vm = vm;
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * Sets QEMU's capabilities and parameters for a migration of {@code vm}; done by {@link #run}
     * unless a prepare with the same settings did it while the target started.
     */
    static void prepare(RunningVm vm, MigrationSettings settings) throws DriverException {
        List<Map<String, Object>> capabilities = new ArrayList<>(List.of(
                Map.of("capability", "events", "state", true),
                Map.of("capability", "auto-converge", "state", settings.autoConverge()),
                Map.of("capability", "postcopy-ram", "state", settings.postCopy())));
        vm.command("migrate-set-capabilities", Map.of("capabilities", capabilities));
        long bandwidth = settings.maxBandwidthBytesPerSecond() == 0 ? UNLIMITED_BYTES_PER_SECOND : settings.maxBandwidthBytesPerSecond();
        vm.command("migrate-set-parameters", Map.of("downtime-limit", settings.maxDowntimeMs(), "max-bandwidth", bandwidth));
        vm.migrationEvents().prepared(settings);
    }

    MigrationResult run(String targetAddress, int targetPort, String targetName) throws DriverException {
        long begun = System.nanoTime();
        if (!vm.migrationEvents().isPrepared(settings)) {
            prepare(vm, settings);
        }
        vm.migrationEvents().prepared(null);    // the downtime steps change them: the next migration sets its own
        int limit = settings.maxDowntimeMs();
        String uri = "tcp:" + (targetAddress.contains(":") ? "[" + targetAddress + "]" : targetAddress) + ":" + targetPort;
        vm.migrationEvents().clear();
        vm.sendingAway(true);
        vm.command("migrate", Map.of("uri", uri));
        long sent = System.nanoTime();
        long completedSeen = 0;

        List<Integer> steps = settings.downtimeStepsMs().stream().filter(s -> s > settings.maxDowntimeMs()).toList();
        int nextStep = 0;
        long passesAtStep = -1;
        boolean postCopyStarted = false;
        // the first report after PROGRESS_EVERY_MILLIS, not at once: a short migration is not slowed by the
        // manager writing its job's progress (CPU QEMU needs on a small host) while QEMU starts sending
        long lastProgress = System.currentTimeMillis();
        int unfilledCompletions = 0;
        while (true) {
            JsonNode state = vm.command("query-migrate", Map.of());
            String status = state.path("status").asText("none");
            JsonNode ram = state.path("ram");
            long now = System.currentTimeMillis();
            // an end is the migration's result to tell: no report before it on the manager's stream
            if (now - lastProgress >= PROGRESS_EVERY_MILLIS && !isEnd(status)) {
                progress.accept(new MigrationProgress(vm.definition().id(), status, ram.path("total").asLong(),
                        ram.path("remaining").asLong(), ram.path("transferred").asLong(), ram.path("dirty-pages-rate").asLong(),
                        limit, state.path("expected-downtime").asLong()));
                lastProgress = now;
            }
            switch (status) {
                case "completed" -> {
                    completedSeen = completedSeen == 0 ? System.nanoTime() : completedSeen;
                    if (state.path("total-time").asLong() == 0 && ++unfilledCompletions < 250) {
                        pause(FIGURES_RETRY_MILLIS);
                        continue;
                    }
                    vm.handedOver(targetName);
                    return new MigrationResult(state.path("downtime").asLong(), state.path("total-time").asLong(),
                            state.path("setup-time").asLong(), ram.path("transferred").asLong(), limit,
                            millis(sent - begun), millis(System.nanoTime() - completedSeen));
                }
                case "failed" -> throw failure(targetName, state.path("error-desc").asText("QEMU gave no reason"));
                case "cancelled" -> throw failure(targetName, "it was cancelled");
                case "active" -> {
                    long passes = ram.path("dirty-sync-count").asLong();
                    if (passesAtStep < 0) {
                        passesAtStep = passes;
                    } else if (passes - passesAtStep >= PASSES_PER_STEP) {
                        passesAtStep = passes;
                        if (nextStep < steps.size()) {
                            limit = steps.get(nextStep++);
                            vm.command("migrate-set-parameters", Map.of("downtime-limit", limit));
                        } else if (settings.postCopy() && !postCopyStarted) {
                            vm.command("migrate-start-postcopy", Map.of());
                            postCopyStarted = true;
                        } else if (!postCopyStarted) {
                            vm.command("migrate_cancel", Map.of());
                            throw failure(targetName, "it did not converge even allowing %d ms of downtime".formatted(limit));
                        }
                    }
                }
                default -> { } // setup, device, postcopy-active, pre-switchover, cancelling: wait
            }
            awaitEvent();
        }
    }

    private static long millis(long nanos) {
        return Math.round(nanos / 1e6);
    }

    private static boolean isEnd(String status) {
        return status.equals("completed") || status.equals("failed") || status.equals("cancelled");
    }

    private DriverException failure(String targetName, String why) {
        return new DriverException(DriverException.Code.DRIVER_FAILURE,
                "the migration of VM %s to %s failed: %s; it still runs here".formatted(vm.definition().name(), targetName, why));
    }

    /** Until QEMU's next migration event, or {@link #WAKE_MILLIS} without one. */
    private void awaitEvent() throws DriverException {
        try {
            vm.migrationEvents().await(WAKE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(DriverException.Code.DRIVER_FAILURE, "interrupted while migrating");
        }
    }

    private static void pause(long millis) throws DriverException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(DriverException.Code.DRIVER_FAILURE, "interrupted while migrating");
        }
    }
}
