package dev.flotilla.manager.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Transfer streams waiting for their host: the manager names a session, asks the agent to open an
 * {@code AgentLink.Transfer} call for it, and the agent link hands the call over here. Only the
 * host the session was meant for may take it (its certificate says which host it is).
 */
@Component
public class TransferSessions {

    /** The manager's end of an upload range: bytes go to the agent, sending blocks while it is not ready for more. */
    public interface UploadPipe {
        void send(byte[] data, int offset, int length) throws IOException;

        /** All bytes sent. */
        void finish();

        /** The uploader went away: the agent keeps what it staged. */
        void abort(String why);
    }

    /** The manager's end of a download: the agent's bytes as a stream, and how many there are. */
    public interface DownloadStream {
        long totalBytes();

        InputStream bytes();

        /** The reader went away: stop the agent. */
        void abort(String why);
    }

    /** A session waiting for its host's call; the agent link completes one of the two futures. */
    public record Waiting(UUID hostId, CompletableFuture<UploadPipe> upload, CompletableFuture<DownloadStream> download) {
    }

    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

    String expectUpload(UUID hostId) {
        return expect(new Waiting(hostId, new CompletableFuture<>(), null));
    }

    String expectDownload(UUID hostId) {
        return expect(new Waiting(hostId, null, new CompletableFuture<>()));
    }

    Waiting waiting(String sessionId) {
        return waiting.get(sessionId);
    }

    void forget(String sessionId) {
        Waiting w = waiting.remove(sessionId);
        if (w != null) {
            IllegalStateException gone = new IllegalStateException("the transfer session ended");
            if (w.upload() != null) {
                w.upload().completeExceptionally(gone);
            }
            if (w.download() != null) {
                w.download().completeExceptionally(gone);
            }
        }
    }

    /** The agent link's call for {@code sessionId}, from host {@code hostId}: the waiting session, taken once. */
    public Optional<Waiting> attach(String sessionId, UUID hostId) {
        Waiting w = waiting.get(sessionId);
        if (w == null || !w.hostId().equals(hostId) || !waiting.remove(sessionId, w)) {
            return Optional.empty();
        }
        return Optional.of(w);
    }

    private String expect(Waiting w) {
        String id = UUID.randomUUID().toString();
        waiting.put(id, w);
        return id;
    }
}
