package dev.flotilla.manager.console;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * One console session: a viewer's websocket joined to a console stream of the VM's host. Bytes
 * the viewer sends before the agent's stream arrives wait here. It ends once, from whichever
 * side ends first, and tells the viewer why with a websocket close code of its own.
 */
final class ConsoleSession implements ConsoleEndpoint {

    /** The viewer closed the websocket itself. */
    static final int CLOSED_BY_VIEWER = 1000;
    /** The manager is stopping. */
    static final int MANAGER_STOPPING = 1001;
    /** Another session opened the same VM's console. */
    static final int TAKEN_OVER = 4001;
    /** The VM's VNC server ended the connection: the VM stopped, or its host went away. */
    static final int CONSOLE_ENDED = 4002;
    /** The host could not open the VM's console, or did not in time. */
    static final int HOST_FAILED = 4003;
    /** The VM has no screen now (it is not running). */
    static final int NO_SCREEN = 4004;

    private final ConsoleTicket ticket;
    private final UUID hostId;
    private final Viewer viewer;
    private final Instant openedAt;
    private final BiConsumer<ConsoleSession, String> onEnd;
    private final List<ByteBuffer> early = new ArrayList<>();
    private AgentPipe agent;
    private boolean ended;

    ConsoleSession(ConsoleTicket ticket, UUID hostId, Viewer viewer, Instant openedAt, BiConsumer<ConsoleSession, String> onEnd) {
        this.ticket = ticket;
        this.hostId = hostId;
        this.viewer = viewer;
        this.openedAt = openedAt;
        this.onEnd = onEnd;
    }

    String id() { return ticket.sessionId(); }
    ConsoleTicket ticket() { return ticket; }
    UUID hostId() { return hostId; }
    Viewer viewer() { return viewer; }
    Instant openedAt() { return openedAt; }

    synchronized boolean attached() {
        return agent != null;
    }

    /** Joins the agent's stream; false when the session has ended or already has one. */
    boolean attach(AgentPipe pipe) {
        List<ByteBuffer> waiting;
        synchronized (this) {
            if (ended || agent != null) {
                return false;
            }
            agent = pipe;
            waiting = List.copyOf(early);
            early.clear();
        }
        waiting.forEach(pipe::send);
        return true;
    }

    void fromViewer(ByteBuffer data) {
        AgentPipe pipe;
        synchronized (this) {
            if (ended) {
                return;
            }
            if (agent == null) {
                ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data.duplicate());
                early.add(copy.flip());
                return;
            }
            pipe = agent;
        }
        pipe.send(data);
    }

    @Override
    public void fromAgent(ByteBuffer data) {
        synchronized (this) {
            if (ended) {
                return;
            }
        }
        viewer.send(data);
    }

    @Override
    public void agentEnded(String why) {
        end(CONSOLE_ENDED, "The console closed: " + why, why);
    }

    /**
     * Ends the session: the agent's stream, the viewer's websocket (with {@code code} and
     * {@code reasonForViewer}, none when the viewer already left), then the event with {@code why}.
     */
    void end(int code, String reasonForViewer, String why) {
        AgentPipe pipe;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            pipe = agent;
            early.clear();
        }
        if (pipe != null) {
            pipe.close();
        }
        if (reasonForViewer != null) {
            viewer.close(code, reasonForViewer);
        }
        onEnd.accept(this, why);
    }
}
