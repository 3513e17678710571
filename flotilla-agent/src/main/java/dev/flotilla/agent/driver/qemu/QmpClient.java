package dev.flotilla.agent.driver.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One QMP connection: JSON lines over a unix socket. A reader thread dispatches replies to the
 * waiting {@link #execute} call (matched by id) and events to the event callback; end of stream
 * means QEMU closed the monitor, which in practice means the process is exiting.
 *
 * <p>Reads and writes go straight to the channel: the stream adapters of {@code Channels} lock
 * the channel for a blocking read, which would stall every write behind it.
 */
final class QmpClient implements AutoCloseable {

    /** An asynchronous QMP event. */
    record Event(String name, JsonNode data, Instant at) {}

    /** QEMU answered a command with an error. */
    static final class QmpError extends IOException {
        QmpError(String command, String errorClass, String description) {
            super(command + " failed: " + description + " (" + errorClass + ")");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SocketChannel channel;
    private final String label;
    private final Consumer<Event> onEvent;
    private final Runnable onDisconnect;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<JsonNode> greeting = new CompletableFuture<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicBoolean closedByUs = new AtomicBoolean();
    private final Object writeLock = new Object();

    private QmpClient(SocketChannel channel, String label, Consumer<Event> onEvent, Runnable onDisconnect) {
        this.channel = channel;
        this.label = label;
        this.onEvent = onEvent;
        this.onDisconnect = onDisconnect;
    }

    /**
     * Connects, reads the greeting and negotiates capabilities.
     *
     * @param onEvent      called on the reader thread for every event; keep it quick
     * @param onDisconnect called once on the reader thread when QEMU closes the connection
     *                     (never after {@link #close()})
     */
    static QmpClient connect(Path socket, String label, Duration timeout,
                             Consumer<Event> onEvent, Runnable onDisconnect) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        QmpClient client = new QmpClient(channel, label, onEvent, onDisconnect);
        Thread reader = new Thread(client::readLoop, "qmp-" + label);
        reader.setDaemon(true);
        reader.start();
        try {
            await(client.greeting, timeout, "QMP greeting");
            client.execute("qmp_capabilities", null, timeout);
        } catch (IOException e) {
            client.close();
            throw e;
        }
        return client;
    }

    /** Runs a command and returns its "return" value. */
    JsonNode execute(String command, Map<String, ?> arguments, Duration timeout) throws IOException {
        return await(submit(command, arguments, timeout), timeout, command);
    }

    /**
     * Sends a command without waiting: the future completes on the reader thread with the
     * command's "return" value, or fails with the {@link QmpError}, the closed connection or a
     * timeout. Callbacks attached to it run on the reader thread: they must be quick and must not
     * wait for anything an event handler holds.
     */
    CompletableFuture<JsonNode> submit(String command, Map<String, ?> arguments, Duration timeout) {
        long id = ids.incrementAndGet();
        ObjectNode request = JSON.createObjectNode().put("execute", command).put("id", id);
        if (arguments != null && !arguments.isEmpty()) {
            request.set("arguments", JSON.valueToTree(arguments));
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        // The timeout also ends a reply that can never come (the connection closed just as it was sent).
        CompletableFuture<JsonNode> answer = reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> pending.remove(id))
                .thenApply(response -> {
                    if (response.has("error")) {
                        JsonNode error = response.get("error");
                        throw new CompletionException(new QmpError(command, error.path("class").asText(), error.path("desc").asText()));
                    }
                    return response.path("return");
                });
        try {
            byte[] line = (JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (writeLock) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        } catch (IOException e) {
            reply.completeExceptionally(e);
        }
        return answer;
    }

    /** Detaches: closes the socket and stops the reader; QEMU keeps running. */
    @Override
    public void close() {
        closedByUs.set(true);
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a socket we no longer need: nothing to do about a failure
        }
    }

    private void readLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        IOException failure = null;
        try {
            while (channel.read(buffer.clear()) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    byte b = buffer.get();
                    if (b == '\n') {
                        dispatch(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    } else {
                        line.write(b);
                    }
                }
            }
        } catch (IOException e) {
            failure = e;
        }
        IOException gone = new IOException("QMP connection of " + label + " closed", failure);
        greeting.completeExceptionally(gone);
        pending.values().forEach(f -> f.completeExceptionally(gone));
        try {
            channel.close();
        } catch (IOException ignored) {
            // already at end of stream
        }
        if (!closedByUs.get()) {
            onDisconnect.run();
        }
    }

    private void dispatch(String text) {
        if (text.isBlank()) {
            return;
        }
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (IOException e) {
            System.getLogger(QmpClient.class.getName())
                    .log(System.Logger.Level.WARNING, "unparsable QMP line from " + label + ": " + text);
            return;
        }
        if (message.has("QMP")) {
            greeting.complete(message);
        } else if (message.has("event")) {
            JsonNode ts = message.path("timestamp");
            Instant at = ts.has("seconds")
                    ? Instant.ofEpochSecond(ts.path("seconds").asLong(), ts.path("microseconds").asLong() * 1000)
                    : Instant.now();
            try {
                onEvent.accept(new Event(message.get("event").asText(), message.path("data"), at));
            } catch (RuntimeException e) {
                System.getLogger(QmpClient.class.getName())
                        .log(System.Logger.Level.ERROR, "QMP event handler of " + label + " failed", e);
            }
        } else if (message.has("id")) {
            CompletableFuture<JsonNode> reply = pending.get(message.get("id").asLong());
            if (reply != null) {
                reply.complete(message);
            }
        }
    }

    private static JsonNode await(CompletableFuture<JsonNode> future, Duration timeout, String what) throws IOException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException(what + ": no answer from QEMU within " + timeout.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException) {
                throw new IOException(what + ": no answer from QEMU within " + timeout.toSeconds() + " s", e.getCause());
            }
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + what, e);
        }
    }
}
