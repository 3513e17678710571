package dev.flotilla.agent.managerlink;

import dev.flotilla.protocol.ChunkQueue;
import dev.flotilla.protocol.v1.TransferChunk;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * The manager's side of an upload's {@code AgentLink.Transfer} call read as an InputStream. The
 * call asks for one chunk at a time and only when the reader took the last one, so the agent
 * holds at most a chunk or two however fast the uploader is.
 */
final class ChunkInput extends InputStream implements ClientResponseObserver<TransferChunk, TransferChunk> {

    /** The call ended before the uploader's bytes did: what was written so far stays staged. */
    static final class Broken extends IOException {
        Broken(String message) {
            super(message);
        }
    }

    private final ChunkQueue queue;
    private ClientCallStreamObserver<TransferChunk> call;

    ChunkInput(Duration silence) {
        this.queue = new ChunkQueue(silence, () -> call.request(1));
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<TransferChunk> requestStream) {
        call = requestStream;
        requestStream.disableAutoRequestWithInitial(1);
    }

    /** Our first message: which session the call belongs to. */
    synchronized void hello(String sessionId) {
        call.onNext(TransferChunk.newBuilder().setSessionId(sessionId).build());
    }

    /** Ends our side of the call: cleanly after the bytes were taken, else with the reason. */
    synchronized void finish(String failure) {
        try {
            if (failure == null) {
                call.onCompleted();
            } else {
                call.onError(Status.ABORTED.withDescription(failure).asRuntimeException());
            }
        } catch (RuntimeException ignored) {
            // the call is over already
        }
    }

    @Override
    public void onNext(TransferChunk chunk) {
        queue.add(chunk.getData());
    }

    @Override
    public void onError(Throwable t) {
        Status s = Status.fromThrowable(t);
        queue.fail(new Broken("the manager ended the upload: " + (s.getDescription() != null ? s.getDescription() : s.getCode())));
    }

    @Override
    public void onCompleted() {
        queue.end();
    }

    @Override
    public int read() throws IOException {
        return queue.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return queue.read(b, off, len);
        } catch (Broken e) {
            throw e;
        } catch (IOException e) {
            throw new Broken(e.getMessage());
        }
    }
}
