package dev.flotilla.manager.agentlink;

import com.google.protobuf.ByteString;
import dev.flotilla.manager.storage.TransferSessions;
import dev.flotilla.protocol.v1.TransferChunk;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

/**
 * One {@code AgentLink.Transfer} call: the agent's first message names a session waiting for this
 * very host. For an upload the manager sends while gRPC is ready for more (a slow agent slows the
 * uploader); for a download the call asks for the agent's next chunk only when the reader took the
 * last one. Either way no image is ever held whole.
 */
final class TransferStream implements StreamObserver<TransferChunk>, TransferSessions.UploadPipe, TransferSessions.DownloadStream {

    private static final java.time.Duration SILENCE = java.time.Duration.ofMinutes(2);

    private final UUID hostId;
    private final ServerCallStreamObserver<TransferChunk> toAgent;
    private final TransferSessions sessions;
    private final Object readiness = new Object();
    private final dev.flotilla.protocol.ChunkQueue arrived;
    private TransferSessions.Waiting session;
    private volatile String ended;
    private long total;

    TransferStream(UUID hostId, ServerCallStreamObserver<TransferChunk> toAgent, TransferSessions sessions) {
        this.hostId = hostId;
        this.toAgent = toAgent;
        this.sessions = sessions;
        this.arrived = new dev.flotilla.protocol.ChunkQueue(SILENCE, () -> toAgent.request(1));
        toAgent.disableAutoRequest();
        toAgent.request(1);
        toAgent.setOnReadyHandler(() -> {
            synchronized (readiness) {
                readiness.notifyAll();
            }
        });
    }

    @Override
    public void onNext(TransferChunk chunk) {
        if (session == null) {
            session = sessions.attach(chunk.getSessionId(), hostId).orElse(null);
            if (session == null) {
                fail("no transfer session " + chunk.getSessionId() + " waits for this host (it ended or timed out)");
                return;
            }
            // an upload expects nothing more (the request lets the agent's end of the call arrive);
            // a download asks for its first chunk, then for each next one as the reader takes the last
            toAgent.request(1);
            if (session.upload() != null) {
                session.upload().complete(this);
            } else {
                total = chunk.getTotalBytes();
                session.download().complete(this);
            }
            return;
        }
        arrived.add(chunk.getData());
    }

    @Override
    public void onError(Throwable t) {
        Status s = Status.fromThrowable(t);
        ended = s.getDescription() != null ? s.getDescription() : "the host's stream failed (" + s.getCode() + ")";
        arrived.fail(new IOException(ended));
        wake();
    }

    @Override
    public void onCompleted() {
        if (ended == null) {
            ended = "the host ended the transfer";
        }
        arrived.end();
        wake();
    }

    // ---- upload

    @Override
    public void send(byte[] data, int offset, int length) throws IOException {
        synchronized (readiness) {
            while (ended == null && !toAgent.isReady()) {
                try {
                    readiness.wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
            }
        }
        if (ended != null) {
            throw new IOException(ended);
        }
        synchronized (this) {
            toAgent.onNext(TransferChunk.newBuilder().setData(ByteString.copyFrom(data, offset, length)).build());
        }
    }

    @Override
    public synchronized void finish() {
        if (ended == null) {
            try {
                toAgent.onCompleted();
            } catch (RuntimeException ignored) {
                // the call is over already
            }
        }
    }

    @Override
    public void abort(String why) {
        fail(why);
    }

    // ---- download

    @Override
    public long totalBytes() {
        return total;
    }

    @Override
    public InputStream bytes() {
        return arrived;
    }

    private synchronized void fail(String why) {
        if (ended == null) {
            ended = why;
            try {
                toAgent.onError(Status.ABORTED.withDescription(why).asRuntimeException());
            } catch (RuntimeException ignored) {
                // the call is over already
            }
        }
        wake();
    }

    private void wake() {
        synchronized (readiness) {
            readiness.notifyAll();
        }
    }
}
