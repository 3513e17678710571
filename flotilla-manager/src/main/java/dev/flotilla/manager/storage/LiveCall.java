package dev.flotilla.manager.storage;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for a host's answer to a live change of a running VM (a disk plugged or unplugged). */
final class LiveCall {

    /** Longer than the agent's own wait for a guest to release an unplugged disk (60 s). */
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    private LiveCall() {
    }

    /** Null when the host did it, else why not, in words for a person. */
    static String await(CompletableFuture<DiskPlugCommands.PlugAnswer> call) {
        try {
            DiskPlugCommands.PlugAnswer a = call.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return a.ok() ? null : a.message();
        } catch (ExecutionException e) {
            return e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
        } catch (TimeoutException e) {
            return "the host did not answer within " + TIMEOUT.toSeconds() + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
