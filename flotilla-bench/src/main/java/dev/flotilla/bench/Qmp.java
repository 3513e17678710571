package dev.flotilla.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A bare QMP connection for raw QEMU runs, on the calling thread only: no reader thread, so
 * nothing of Flotilla's is in the way. Events that arrive while a command waits for its answer are
 * kept, each with the {@link System#nanoTime()} it was read at, for {@link #awaitEvent}.
 */
final class Qmp implements AutoCloseable {

    /** An asynchronous event and when this side read it. */
    record Event(String name, JsonNode data, long readNanos) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SocketChannel channel;
    private final BufferedReader in;
    private final Deque<Event> events = new ArrayDeque<>();

    private Qmp(SocketChannel channel) {
        this.channel = channel;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
    }

    /**
     * Connects as soon as QEMU listens on {@code socket} (checked every millisecond, as fast as a
     * client can reasonably ask), reads the greeting and negotiates capabilities.
     */
    static Qmp connect(Path socket, Process qemu) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            if (!qemu.isAlive()) {
                throw new IllegalStateException("QEMU exited with " + qemu.exitValue() + " before its QMP socket answered");
            }
            if (Files.exists(socket)) {
                try {
                    Qmp qmp = new Qmp(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
                    qmp.in.readLine(); // greeting
                    qmp.execute("qmp_capabilities");
                    return qmp;
                } catch (IOException e) {
                    // created but not listening yet
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no QMP socket at " + socket + " after 30 s");
            }
            Thread.sleep(1);
        }
    }

    JsonNode execute(String name) throws IOException {
        return execute(name, null);
    }

    /** Sends one command and returns its {@code return} value; an {@code error} answer throws. */
    JsonNode execute(String name, Map<String, Object> arguments) throws IOException {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("execute", name);
        if (arguments != null) {
            command.put("arguments", arguments);
        }
        channel.write(ByteBuffer.wrap((JSON.writeValueAsString(command) + "\n").getBytes(StandardCharsets.UTF_8)));
        while (true) {
            JsonNode line = readLine(name);
            if (line.has("return")) {
                return line.get("return");
            }
            if (line.has("error")) {
                throw new IOException(name + ": " + line.get("error"));
            }
        }
    }

    /** The first event named {@code name} whose data passes {@code test}, kept or yet to come; others are dropped. */
    Event awaitEvent(String name, Predicate<JsonNode> test) throws IOException {
        while (true) {
            while (!events.isEmpty()) {
                Event e = events.removeFirst();
                if (e.name().equals(name) && test.test(e.data())) {
                    return e;
                }
            }
            readLine("event " + name);
        }
    }

    /** Forgets the events read so far: an event awaited after this is a new one. */
    void dropEvents() {
        events.clear();
    }

    /** Reads one line; an event is kept and returned too. */
    private JsonNode readLine(String waitingFor) throws IOException {
        String text = in.readLine();
        if (text == null) {
            throw new IOException("QMP closed while waiting for " + waitingFor);
        }
        long at = System.nanoTime();
        JsonNode line = JSON.readTree(text);
        if (line.has("event")) {
            events.addLast(new Event(line.get("event").asText(), line.path("data"), at));
        }
        return line;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
