package dev.flotilla.manager.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConsoleSessionTest {

    private static final class FakeViewer implements Viewer {
        final StringBuilder received = new StringBuilder();
        int closeCode;
        String closeReason;
        public void send(ByteBuffer data) { received.append(StandardCharsets.ISO_8859_1.decode(data)); }
        public void close(int code, String reason) { closeCode = code; closeReason = reason; }
        public String address() { return "192.0.2.7"; }
    }

    private static final class FakeAgent implements AgentPipe {
        final StringBuilder received = new StringBuilder();
        boolean closed;
        public void send(ByteBuffer data) { received.append(StandardCharsets.ISO_8859_1.decode(data)); }
        public void close() { closed = true; }
    }

    private final FakeViewer viewer = new FakeViewer();
    private final FakeAgent agent = new FakeAgent();
    private final List<String> ended = new ArrayList<>();
    private final ConsoleSession session = new ConsoleSession(
            new ConsoleTicket("t", "s-1", UUID.randomUUID(), "web", "admin@internal", Instant.now().plusSeconds(30)),
            UUID.randomUUID(), viewer, Instant.now(), (s, why) -> ended.add(why));

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void whatTheViewerSendsBeforeTheAgentArrivesIsDeliveredInOrder() {
        session.fromViewer(bytes("one,"));
        session.fromViewer(bytes("two,"));

        assertThat(session.attach(agent)).isTrue();
        session.fromViewer(bytes("three"));

        assertThat(agent.received).hasToString("one,two,three");
    }

    @Test
    void bytesFlowBothWays() {
        session.attach(agent);

        session.fromAgent(bytes("RFB 003.008\n"));
        session.fromViewer(bytes("RFB 003.008\n"));

        assertThat(viewer.received).hasToString("RFB 003.008\n");
        assertThat(agent.received).hasToString("RFB 003.008\n");
    }

    @Test
    void aSessionTakesOneAgentStream() {
        assertThat(session.attach(agent)).isTrue();
        assertThat(session.attach(new FakeAgent())).isFalse();
    }

    @Test
    void theAgentEndingClosesTheViewerWithTheReason() {
        session.attach(agent);

        session.agentEnded("the VM stopped");

        assertThat(viewer.closeCode).isEqualTo(ConsoleSession.CONSOLE_ENDED);
        assertThat(viewer.closeReason).isEqualTo("The console closed: the VM stopped");
        assertThat(agent.closed).isTrue();
        assertThat(ended).containsExactly("the VM stopped");
    }

    @Test
    void itEndsOnceAndThenCarriesNothing() {
        session.attach(agent);
        session.end(ConsoleSession.CLOSED_BY_VIEWER, null, "closed by the viewer");
        session.end(ConsoleSession.TAKEN_OVER, "Taken over", "taken over");
        session.fromViewer(bytes("late"));
        session.fromAgent(bytes("late"));

        assertThat(ended).containsExactly("closed by the viewer");
        assertThat(viewer.closeReason).isNull(); // the viewer had left: nobody to tell
        assertThat(agent.received).isEmpty();
        assertThat(viewer.received).isEmpty();
        assertThat(session.attach(new FakeAgent())).isFalse();
    }

    @Test
    void aLongReasonIsCutToWhatAWebsocketCloseCarries() {
        String reason = WebSocketViewer.fit("Taken over by " + "someone-with-a-very-long-name".repeat(10) + "@example.org from 192.0.2.1");
        assertThat(reason.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        assertThat(reason).startsWith("Taken over by someone").endsWith("…");
    }
}
