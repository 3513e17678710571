package dev.flotilla.manager.agentlink;

import com.google.protobuf.ByteString;
import dev.flotilla.manager.console.AgentPipe;
import dev.flotilla.manager.console.ConsoleEndpoint;
import dev.flotilla.manager.console.ConsoleSessions;
import dev.flotilla.protocol.v1.ConsoleChunk;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * One {@code AgentLink.Console} call: the agent's first message names the session, which must be
 * waiting for a stream from this very host; after that, chunks go to the session's viewer, and
 * what the viewer sends goes back as chunks. gRPC asks for the next chunk only when the viewer
 * took the last one, so a slow browser slows the agent rather than filling the manager.
 */
final class ConsoleStream implements StreamObserver<ConsoleChunk>, AgentPipe {

    private final UUID hostId;
    private final StreamObserver<ConsoleChunk> toAgent;
    private final ConsoleSessions sessions;
    private ConsoleEndpoint endpoint;
    private boolean closed;

    ConsoleStream(UUID hostId, StreamObserver<ConsoleChunk> toAgent, ConsoleSessions sessions) {
        this.hostId = hostId;
        this.toAgent = toAgent;
        this.sessions = sessions;
    }

    @Override
    public void onNext(ConsoleChunk chunk) {
        if (endpoint == null) {
            endpoint = sessions.attachAgent(chunk.getSessionId(), hostId, this).orElse(null);
            if (endpoint == null) {
                fail(Status.NOT_FOUND.withDescription("no console session " + chunk.getSessionId()
                        + " waits for this host (it ended or timed out)"));
            }
            return;
        }
        if (!chunk.getData().isEmpty()) {
            endpoint.fromAgent(chunk.getData().asReadOnlyByteBuffer());
        }
    }

    @Override
    public void onError(Throwable t) {
        Status status = Status.fromThrowable(t);
        ended(status.getDescription() != null ? status.getDescription() : "the host's stream failed (" + status.getCode() + ")");
    }

    @Override
    public void onCompleted() {
        ended("the VM's display connection ended (the VM stopped or its host closed it)");
    }

    @Override
    public synchronized void send(ByteBuffer data) {
        if (!closed) {
            toAgent.onNext(ConsoleChunk.newBuilder().setData(ByteString.copyFrom(data)).build());
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            toAgent.onCompleted();
        }
    }

    private synchronized void fail(Status status) {
        if (!closed) {
            closed = true;
            toAgent.onError(status.asRuntimeException());
        }
    }

    private void ended(String why) {
        synchronized (this) {
            closed = true;
        }
        if (endpoint != null) {
            endpoint.agentEnded(why);
        }
    }
}
