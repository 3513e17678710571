package dev.flotilla.manager.storage;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * What image transfers ask of a host's agent (implemented by the agent link). The bytes of an
 * upload range or a download flow on a stream the agent opens for {@code sessionId}; see
 * {@link TransferSessions}.
 */
public interface TransferCommands {

    /** An answer to a transfer command, with the staged length (upload ranges) or bytes sent (downloads). */
    record TransferAnswer(StorageAnswer answer, long bytes) {
    }

    /** Receive one upload range at {@code offset} over the stream of {@code sessionId}; completes once it is staged. */
    CompletableFuture<TransferAnswer> write(UUID hostId, UUID transferId, String sessionId, long offset, long totalBytes);

    /** Verify the staged upload and make it the disk's volume (an ISO: placed raw after its ISO 9660 signature is checked). */
    CompletableFuture<TransferAnswer> finish(UUID hostId, UUID transferId, StorageDomain domain, Disk disk, boolean iso, long totalBytes);

    /** Forget the staged bytes. */
    CompletableFuture<TransferAnswer> cancel(UUID hostId, UUID transferId);

    /** Stream the disk's image file over the stream of {@code sessionId}; completes once it is sent. */
    CompletableFuture<TransferAnswer> read(UUID hostId, String sessionId, StorageDomain domain, Disk disk);
}
