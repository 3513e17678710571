package dev.flotilla.agent.driver.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * QMP events a caller waits for, such as DEVICE_DELETED after a {@code device_del}: QEMU answers
 * the command at once and reports the guest's release later, as an event on the reader thread.
 */
final class EventWaits {

    private record Wait(String name, Predicate<JsonNode> data, CompletableFuture<JsonNode> seen) {
    }

    private final List<Wait> waits = new CopyOnWriteArrayList<>();

    /**
     * A future completed by the next event {@code name} whose data matches. Register it before the
     * command that causes the event, so the event cannot come first; drop it with {@link #forget}.
     */
    CompletableFuture<JsonNode> expect(String name, Predicate<JsonNode> data) {
        Wait w = new Wait(name, data, new CompletableFuture<>());
        waits.add(w);
        return w.seen();
    }

    void forget(CompletableFuture<JsonNode> seen) {
        waits.removeIf(w -> w.seen() == seen);
    }

    /** Called on the reader thread for every event. */
    void offer(QmpClient.Event event) {
        for (Wait w : waits) {
            if (w.name().equals(event.name()) && w.data().test(event.data())) {
                w.seen().complete(event.data());
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
