package dev.flotilla.it;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A console websocket as a VNC viewer holds it, without the viewer: it keeps what the VM's VNC
 * server sends and how the manager closed the socket.
 */
final class ConsoleClient implements WebSocket.Listener, AutoCloseable {

    record Closed(int code, String reason) {
    }

    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private WebSocket socket;

    /** Connects with a ticket's websocket path; a refused handshake answers its HTTP status instead. */
    static Object connect(int httpPort, String websocketPath) throws InterruptedException {
        ConsoleClient client = new ConsoleClient();
        try {
            client.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create("ws://127.0.0.1:" + httpPort + websocketPath), client).get(30, TimeUnit.SECONDS);
            return client;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw new IllegalStateException("console websocket " + websocketPath + " failed: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("console websocket " + websocketPath + " did not open within 30 s");
        }
    }

    @Override
    public synchronized CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        received.writeBytes(bytes);
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Closed(-1, String.valueOf(error)));
    }

    synchronized String receivedText() {
        return received.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    CompletableFuture<Closed> closed() {
        return closed;
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> null).join();
        }
    }
}
