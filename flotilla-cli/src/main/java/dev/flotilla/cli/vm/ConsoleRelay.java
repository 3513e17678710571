package dev.flotilla.cli.vm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Carries one VNC viewer's TCP connection over the manager's console websocket, both ways, until
 * either side closes. The websocket's messages are sent one at a time and read one at a time, so a
 * slow viewer slows the websocket down rather than piling up bytes here.
 */
final class ConsoleRelay implements WebSocket.Listener {

    private final OutputStream toViewer;
    private final CompletableFuture<String> ended = new CompletableFuture<>();

    private ConsoleRelay(OutputStream toViewer) {
        this.toViewer = toViewer;
    }

    /** Relays until the viewer or the manager ends; returns why it ended. */
    static String run(Socket viewer, String baseUrl, String websocketPath) throws IOException {
        ConsoleRelay relay = new ConsoleRelay(viewer.getOutputStream());
        URI uri = URI.create(baseUrl.replaceFirst("^http", "ws") + websocketPath);
        WebSocket socket;
        try {
            socket = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                    .newWebSocketBuilder().buildAsync(uri, relay).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return "the manager refused the console: " + e.getCause().getMessage();
        } catch (TimeoutException e) {
            return "the manager did not open the console within 30 s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        Thread reader = new Thread(() -> relay.viewerToManager(viewer, socket), "vnc-viewer-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            return relay.ended.get();
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            socket.abort();
        }
    }

    private void viewerToManager(Socket viewer, WebSocket socket) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = viewer.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                // Waiting for each send keeps one message in flight and lets the buffer be reused.
                socket.sendBinary(ByteBuffer.wrap(buffer, 0, n), true).get(30, TimeUnit.SECONDS);
            }
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "viewer closed").get(5, TimeUnit.SECONDS);
            ended.complete("the viewer closed the connection");
        } catch (IOException | ExecutionException | TimeoutException e) {
            ended.complete("the viewer's connection failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ended.complete("interrupted");
        }
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        try {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            toViewer.write(bytes);
            toViewer.flush();
            webSocket.request(1);
        } catch (IOException e) {
            ended.complete("the viewer's connection failed: " + e.getMessage());
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        ended.complete("the manager closed the console (" + statusCode + (reason.isEmpty() ? "" : ": " + reason) + ")");
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        ended.complete("the console connection failed: " + error.getMessage());
    }
}
