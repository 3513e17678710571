package dev.flotilla.agent.managerlink;

import com.google.protobuf.ByteString;
import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.storage.ImageStaging;
import dev.flotilla.agent.storage.StorageConnection;
import dev.flotilla.agent.storage.StorageException;
import dev.flotilla.agent.storage.StorageProbe;
import dev.flotilla.agent.storage.VolumeInfo;
import dev.flotilla.protocol.v1.AgentLinkGrpc;
import dev.flotilla.protocol.v1.StorageAnswer;
import dev.flotilla.protocol.v1.TransferCancel;
import dev.flotilla.protocol.v1.TransferChunk;
import dev.flotilla.protocol.v1.TransferFinish;
import dev.flotilla.protocol.v1.TransferRead;
import dev.flotilla.protocol.v1.TransferWrite;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * The image transfer commands: each upload range and each download is one
 * {@code AgentLink.Transfer} call on the agent's connection to the manager (the host accepts no
 * connection), the bytes staged or read by {@link ImageStaging}. Runs on the command runner's
 * threads; a command returns when its bytes have all passed.
 */
final class ImageTransfers {

    private static final int CHUNK_BYTES = 256 * 1024;
    private static final Duration SILENCE = Duration.ofSeconds(60);

    private final ImageStaging staging;
    private final StorageProbe probe;
    private final Channel channel;

    ImageTransfers(ImageStaging staging, StorageProbe probe, Channel channel) {
        this.staging = staging;
        this.probe = probe;
        this.channel = channel;
    }

    /** Receives one range; a call broken half-way keeps what arrived and says how much that is. */
    StorageAnswer write(TransferWrite command) throws DriverException {
        UUID id = transferId(command.getTransferId());
        ChunkInput input = new ChunkInput(SILENCE);
        AgentLinkGrpc.newStub(channel).transfer(input);
        input.hello(command.getSessionId());
        try {
            long staged = staging.write(id, command.getOffset(), command.getTotalBytes(), input);
            input.finish(null);
            return StorageAnswer.newBuilder().setStagedBytes(staged).setSummary("staged " + staged + " bytes").build();
        } catch (StorageException e) {
            input.finish(e.getMessage());
            if (e.getCause() instanceof ChunkInput.Broken broken) {
                return StorageAnswer.newBuilder().setStagedBytes(staging.staged(id)).setSummary("interrupted: " + broken.getMessage()).build();
            }
            throw e;
        }
    }

    /** Verifies the staged image and makes it the volume; answers like a create, with the domain's space. */
    StorageAnswer finish(TransferFinish command) throws DriverException {
        UUID id = transferId(command.getTransferId());
        StorageConnection domain = StorageWire.connection(command.getVolume().getDomain());
        VolumeInfo placed = staging.place(id, domain, StorageWire.volume(command.getVolume()), "iso".equals(command.getContent()),
                command.getTotalBytes(), command.getDescription());
        StorageAnswer.Builder answer;
        try {
            answer = StorageWire.report(probe.probe(domain));
        } catch (StorageException e) {
            answer = StorageAnswer.newBuilder().setSummary("space unknown: " + e.getMessage());
        }
        return answer.setVolume(StorageWire.size(placed)).build();
    }

    StorageAnswer cancel(TransferCancel command) throws DriverException {
        staging.discard(transferId(command.getTransferId()));
        return StorageAnswer.newBuilder().setSummary("discarded").build();
    }

    /** Streams a volume's image file to the manager, sending only while the call is ready for more. */
    StorageAnswer read(TransferRead command) throws DriverException {
        Path copy = staging.export(StorageWire.connection(command.getVolume().getDomain()), StorageWire.volume(command.getVolume()));
        Sender sender = new Sender();
        try (InputStream in = Files.newInputStream(copy)) {
            long total = Files.size(copy);
            AgentLinkGrpc.newStub(channel).transfer(sender);
            sender.send(TransferChunk.newBuilder().setSessionId(command.getSessionId()).setTotalBytes(total).build());
            byte[] buffer = new byte[CHUNK_BYTES];
            long sent = 0;
            for (int n; (n = in.readNBytes(buffer, 0, buffer.length)) > 0; ) {
                sender.awaitReady();
                sender.send(TransferChunk.newBuilder().setData(ByteString.copyFrom(buffer, 0, n)).build());
                sent += n;
            }
            sender.complete();
            return StorageAnswer.newBuilder().setStagedBytes(sent).setSummary("sent " + sent + " bytes").build();
        } catch (IOException e) {
            sender.fail("cannot read the image copy: " + e.getMessage());
            throw new DriverException(DriverException.Code.DRIVER_FAILURE, "cannot send the image: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sender.fail("agent stopping");
            throw new DriverException(DriverException.Code.DRIVER_FAILURE, "interrupted while sending the image");
        } finally {
            try {
                Files.deleteIfExists(copy);
            } catch (IOException ignored) {
                // a leftover copy is only space in the agent's state directory
            }
        }
    }

    private static UUID transferId(String id) throws DriverException {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new DriverException(DriverException.Code.INVALID_SPEC, "the transfer id must be a UUID, not " + id);
        }
    }

    /** A download's call: sends while gRPC is ready; the manager ending the call stops it. */
    private static final class Sender implements ClientResponseObserver<TransferChunk, TransferChunk> {
        private final Object readiness = new Object();
        private ClientCallStreamObserver<TransferChunk> call;
        private volatile String ended;

        @Override
        public void beforeStart(ClientCallStreamObserver<TransferChunk> requestStream) {
            call = requestStream;
            requestStream.setOnReadyHandler(() -> {
                synchronized (readiness) {
                    readiness.notifyAll();
                }
            });
        }

        void awaitReady() throws InterruptedException, IOException {
            synchronized (readiness) {
                while (ended == null && !call.isReady()) {
                    readiness.wait(1000);
                }
            }
            if (ended != null) {
                throw new IOException(ended);
            }
        }

        synchronized void send(TransferChunk chunk) {
            call.onNext(chunk);
        }

        synchronized void complete() {
            call.onCompleted();
        }

        synchronized void fail(String why) {
            try {
                call.onError(Status.ABORTED.withDescription(why).asRuntimeException());
            } catch (RuntimeException ignored) {
                // over already
            }
        }

        @Override
        public void onNext(TransferChunk value) {
            // the manager sends nothing on a download
        }

        @Override
        public void onError(Throwable t) {
            Status s = Status.fromThrowable(t);
            ended = "the manager ended the download: " + (s.getDescription() != null ? s.getDescription() : s.getCode());
            synchronized (readiness) {
                readiness.notifyAll();
            }
        }

        @Override
        public void onCompleted() {
            ended = "the manager ended the download";
            synchronized (readiness) {
                readiness.notifyAll();
            }
        }
    }
}
