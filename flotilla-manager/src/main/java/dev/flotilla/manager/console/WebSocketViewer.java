package dev.flotilla.manager.console;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/** A viewer on a servlet websocket. Sends block (the container allows one at a time), which is the back-pressure. */
final class WebSocketViewer implements Viewer {

    /** RFC 6455: a close reason is at most 123 bytes of UTF-8. */
    private static final int MAX_REASON_BYTES = 123;

    private final WebSocketSession ws;

    WebSocketViewer(WebSocketSession ws) {
        this.ws = ws;
    }

    @Override
    public void send(ByteBuffer data) {
        synchronized (ws) {
            if (!ws.isOpen()) {
                return;
            }
            try {
                ws.sendMessage(new BinaryMessage(data));
            } catch (IOException | IllegalStateException e) {
                close(CloseStatus.SERVER_ERROR.getCode(), "cannot send to the viewer: " + e.getMessage());
            }
        }
    }

    @Override
    public void close(int code, String reason) {
        try {
            ws.close(new CloseStatus(code, fit(reason)));
        } catch (IOException | IllegalStateException ignored) {
            // already closed
        }
    }

    @Override
    public String address() {
        InetSocketAddress remote = ws.getRemoteAddress();
        return remote == null ? "unknown address" : remote.getAddress().getHostAddress();
    }

    static String fit(String reason) {
        if (reason.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES) {
            return reason;
        }
        String cut = reason;
        while (cut.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES - 3) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "…";
    }
}
