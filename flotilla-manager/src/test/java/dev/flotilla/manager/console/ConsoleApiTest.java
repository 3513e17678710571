package dev.flotilla.manager.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.ApiClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The console's API and websocket refusals over real HTTP; the working console is tested end to end in flotilla-it. */
@ManagerTest
class ConsoleApiTest {

    @LocalServerPort
    int port;

    private ApiClient api() {
        return new ApiClient(port, "admin@internal", "test-pass");
    }

    @Test
    void aStoppedVmHasNoConsole() {
        String name = "console-down-" + Long.toHexString(System.nanoTime());
        String id = api().post("/vms", "{\"name\":\"%s\"}".formatted(name)).text("id");

        var r = api().post("/vms/" + id + "/console", null);

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.text("detail")).isEqualTo("VM %s is Down: only a running or paused VM has a console; start it first".formatted(name));
    }

    @Test
    void anUnknownVmIs404AndAStrangerIsRefused() {
        assertThat(api().post("/vms/00000000-0000-4000-8000-000000000000/console", null).status()).isEqualTo(404);
        assertThat(new ApiClient(port, "admin@internal", "wrong").post("/vms/00000000-0000-4000-8000-000000000000/console", null)
                .status()).isEqualTo(401);
    }

    @Test
    void theWebsocketRefusesAMissingOrUnknownTicketBeforeAnyByte() throws Exception {
        assertThat(handshake("/console/websocket")).isEqualTo(403);
        assertThat(handshake("/console/websocket?ticket=made-up")).isEqualTo(403);
    }

    @Test
    void noConsoleIsOpenAtFirst() {
        assertThat(api().get("/consoles").body().isArray()).isTrue();
    }

    private int handshake(String path) throws Exception {
        try {
            HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + path), new WebSocket.Listener() { })
                    .get(10, TimeUnit.SECONDS).abort();
            return 101;
        } catch (ExecutionException e) {
            return e.getCause() instanceof WebSocketHandshakeException refused ? refused.getResponse().statusCode() : -1;
        }
    }
}
