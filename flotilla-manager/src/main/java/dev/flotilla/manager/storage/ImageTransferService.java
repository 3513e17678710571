package dev.flotilla.manager.storage;

import dev.flotilla.manager.action.ActionRunner;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.NotFoundException;
import dev.flotilla.manager.datacenter.DataCenterRepository;
import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.storage.ImageTransfer.Phase;
import dev.flotilla.manager.storage.TransferCommands.TransferAnswer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Uploads and downloads of disk images and ISOs. The manager never touches storage: each upload
 * range is streamed from the HTTP request to the host's agent, which stages it; finalizing has the
 * agent verify the image (qemu-img) and make the volume; a download streams the agent's copy of
 * the image file to the HTTP response. Nothing is held whole in memory. A failed verification or a
 * cancel removes the disk, so nothing half-made is left. Transfers are kept in the database
 * ({@link ImageTransferRepository}): an upload goes on after a manager restart, and one that took
 * no bytes for too long expires ({@link StaleTransfers}).
 */
@Service
public class ImageTransferService {

    static final String UPLOADING = "being uploaded";

    private final ImageTransferRepository transfers;
    private final Map<UUID, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final DiskRepository disks;
    private final StorageDomainRepository domains;
    private final DataCenterRepository dataCenters;
    private final StorageHosts hosts;
    private final TransferCommands commands;
    private final TransferSessions sessions;
    private final ImageTransferActions actions;
    private final ActionRunner runner;
    private final EventLog events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Duration timeout;

    ImageTransferService(DiskRepository disks, StorageDomainRepository domains, DataCenterRepository dataCenters, StorageHosts hosts,
                         TransferCommands commands, TransferSessions sessions, ImageTransferActions actions, ActionRunner runner,
                         EventLog events, TransactionTemplate tx, Clock clock,
                         @Value("${flotilla.storage.volume-timeout:PT10M}") Duration timeout, ImageTransferRepository transfers) {
        this.transfers = transfers;
        this.disks = disks;
        this.domains = domains;
        this.dataCenters = dataCenters;
        this.hosts = hosts;
        this.commands = commands;
        this.sessions = sessions;
        this.actions = actions;
        this.runner = runner;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
        this.timeout = timeout;
    }

    /**
     * After a restart of the manager: an upload that was taking bytes goes on (it is in the database
     * and the host kept its staging file; the uploader resumes from {@code stagedBytes}). One that was
     * being verified has an unknown outcome: it fails and its disk becomes Illegal (delete it). A disk
     * Locked "being uploaded" without a transfer taking bytes becomes Illegal too, never Locked forever.
     */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    void settleAfterRestart() {
        tx.executeWithoutResult(s -> {
            for (ImageTransfer t : transfers.inPhase(Phase.Finalizing)) {
                transfers.changePhase(t.id(), Phase.Finalizing, Phase.Failed, "the manager restarted while the image was being verified", clock.instant());
            }
            java.util.Set<UUID> resumable = new java.util.HashSet<>();
            transfers.inPhase(Phase.Transferring).forEach(t -> resumable.add(t.diskId()));
            disks.list(null, null, new dev.flotilla.manager.api.PageRequest(0, dev.flotilla.manager.api.PageRequest.MAX_SIZE))
                    .items().stream().filter(d -> d.status() == DiskStatus.Locked && UPLOADING.equals(d.statusReason()) && !resumable.contains(d.id()))
                    .forEach(d -> {
                        disks.changeStatus(d.id(), DiskStatus.Locked, DiskStatus.Illegal, "its upload was interrupted by a restart of the manager; delete it");
                        events.error(DiskActions.ref(d), "The upload of %s was interrupted by a restart of the manager".formatted(d.name()));
                    });
        });
    }

    public List<ImageTransfer> list() {
        return transfers.list();
    }

    public ImageTransfer get(UUID id) {
        return transfers.find(id).orElseThrow(() -> new NotFoundException("image transfer", id));
    }

    /** Records the new disk Locked and opens the transfer on a host that reaches the domain. */
    public ImageTransfer begin(ImageTransfer.Input in) {
        if (in.storageDomainId() != null) {
            domains.find(in.storageDomainId()).ifPresent(this::host); // no host, no upload: refuse before anything is recorded
        }
        Disk disk = runner.run(actions.begin, in);
        Host host;
        try {
            host = host(domains.get(disk.storageDomainId()));
        } catch (RuntimeException e) {
            tx.executeWithoutResult(s -> disks.delete(disk.id()));
            throw e;
        }
        UUID id = UUID.randomUUID();
        ImageTransfer t = new ImageTransfer(id, disk.id(), disk.name(), disk.storageDomainId(), host.id(),
                "iso".equals(ImageTransferActions.content(in.format())) ? "iso" : "disk", ImageTransferActions.content(in.format()),
                in.sizeBytes(), 0, Phase.Transferring, "", ImageTransfer.urlOf(id), clock.instant(), clock.instant());
        transfers.insert(t);
        return t;
    }

    /**
     * Streams one range of the image to the host. {@code offset} may not lie beyond what is staged
     * (409 names where to resume); a request body cut short keeps what arrived.
     */
    public ImageTransfer receive(UUID id, long offset, InputStream body) {
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        if (!lock.tryLock()) {
            throw new ConflictException("another range of this transfer is being received; wait for it to end");
        }
        try {
            ImageTransfer t = requirePhase(get(id), Phase.Transferring);
            if (offset > t.stagedBytes()) {
                throw new ConflictException("the transfer has %d bytes; send the range starting at byte %d".formatted(t.stagedBytes(), t.stagedBytes()),
                        List.of("staged: " + t.stagedBytes()));
            }
            String session = sessions.expectUpload(t.hostId());
            CompletableFuture<TransferAnswer> result = commands.write(t.hostId(), id, session, offset, t.totalBytes());
            TransferSessions.UploadPipe pipe = attached(session, sessions.waiting(session).upload(), result);
            byte[] buffer = new byte[256 * 1024];
            try {
                for (int n; (n = body.read(buffer)) >= 0; ) {
                    pipe.send(buffer, 0, n);
                }
                pipe.finish();
            } catch (IOException e) {
                pipe.abort("the upload's request ended early: " + e.getMessage());
            }
            TransferAnswer answer = await(result);
            transfers.recordStaged(id, answer.bytes(), clock.instant());
            ImageTransfer now = get(id);
            if (!answer.answer().ok()) {
                throw new ConflictException("the host refused the range: " + answer.answer().message(), List.of("staged: " + now.stagedBytes()));
            }
            return now;
        } finally {
            lock.unlock();
        }
    }

    /** Has the host verify the image and make the volume; a failure removes the disk and fails the transfer (409 with why). */
    public ImageTransfer finish(UUID id) {
        ImageTransfer t = requirePhase(get(id), Phase.Transferring);
        if (t.stagedBytes() != t.totalBytes()) {
            throw new ConflictException("the transfer has %d of its %d bytes; send the rest first".formatted(t.stagedBytes(), t.totalBytes()));
        }
        if (!transfers.changePhase(id, Phase.Transferring, Phase.Finalizing, "verifying", clock.instant())) {
            throw new ConflictException("transfer %s is %s; only a transfer taking bytes can be finalized".formatted(id, get(id).phase()));
        }
        Disk disk = disks.get(t.diskId());
        StorageDomain domain = domains.get(t.storageDomainId());
        TransferAnswer answer = await(commands.finish(t.hostId(), id, domain, disk, "iso".equals(t.content()), t.totalBytes()));
        StorageAnswer a = answer.answer();
        if (a.ok()) {
            tx.executeWithoutResult(s -> {
                disks.sized(disk.id(), a.virtualBytes() == null ? disk.sizeBytes() : a.virtualBytes(), a.actualBytes());
                if (a.totalBytes() != null || a.freeBytes() != null) {
                    domains.recordSpace(domain.id(), t.hostId(), a.totalBytes(), a.freeBytes(), clock.instant());
                }
                events.info(DiskActions.ref(disk), "Upload of %s to storage domain %s finished: %s image verified".formatted(disk.name(),
                        domain.name(), t.format()));
            });
            transfers.changePhase(id, Phase.Finalizing, Phase.Finished, "", clock.instant());
            return get(id);
        }
        String why = "upload of %s failed: %s".formatted(disk.name(), a.message());
        tx.executeWithoutResult(s -> {
            if (StorageCalls.NO_ANSWER.equals(a.problem())) {
                disks.changeStatus(disk.id(), DiskStatus.Locked, DiskStatus.Illegal, a.message() + "; the volume may be incomplete: delete the disk");
            } else {
                disks.delete(disk.id());
            }
            events.error(DiskActions.ref(disk), why);
        });
        transfers.changePhase(id, Phase.Finalizing, Phase.Failed, a.message(), clock.instant());
        throw new ConflictException(why);
    }

    /** Stops a transfer that is still taking bytes: the staged bytes and the disk are removed. */
    public ImageTransfer cancel(UUID id) {
        return end(requirePhase(get(id), Phase.Transferring), Phase.Cancelled, "cancelled", "Upload of %s was cancelled");
    }

    /**
     * Ends a transfer that was taking bytes: the host forgets its staging file, the disk goes, the
     * transfer stays listed in {@code phase}. A host that cannot be asked is named in a warning (its
     * staging file stays behind); the upload ends all the same.
     */
    ImageTransfer end(ImageTransfer t, Phase phase, String why, String event) {
        TransferAnswer answer = await(commands.cancel(t.hostId(), t.id()));
        if (!answer.answer().ok()) {
            events.warning(dev.flotilla.manager.events.ObjectRef.disk(t.diskId(), t.diskName()), "The host could not drop the staged bytes of %s: %s"
                    .formatted(t.diskName(), answer.answer().message()));
        }
        tx.executeWithoutResult(s -> {
            if (transfers.changePhase(t.id(), Phase.Transferring, phase, why, clock.instant())) {
                disks.delete(t.diskId());
                events.info(dev.flotilla.manager.events.ObjectRef.disk(t.diskId(), t.diskName()), event.formatted(t.diskName()));
            }
        });
        return get(t.id());
    }

    /** What a download writes to: told the length first, then given the bytes. */
    public interface DownloadTarget {
        OutputStream start(long totalBytes) throws IOException;
    }

    /** Streams an OK disk's image file (as it is on its domain: qcow2 or raw, or the ISO) from a host to {@code target}. */
    public void download(UUID diskId, DownloadTarget target) {
        Disk disk = disks.get(diskId);
        if (disk.status() != DiskStatus.OK) {
            throw new ConflictException("disk %s is %s; only an OK disk can be downloaded".formatted(disk.name(), disk.status()));
        }
        StorageDomain domain = domains.get(disk.storageDomainId());
        DiskActions.requireActive(domain, "downloading from it");
        Host host = host(domain);
        String session = sessions.expectDownload(host.id());
        CompletableFuture<TransferAnswer> result = commands.read(host.id(), session, domain, disk);
        TransferSessions.DownloadStream stream = attached(session, sessions.waiting(session).download(), result);
        try (InputStream in = stream.bytes()) {
            OutputStream out = target.start(stream.totalBytes());
            in.transferTo(out);
            out.flush();
        } catch (IOException e) {
            stream.abort("the download's reader went away: " + e.getMessage());
        }
        await(result);
    }

    /** The agent's call for the session, or the command's refusal if it answered without opening one. */
    private <T> T attached(String session, CompletableFuture<T> call, CompletableFuture<TransferAnswer> result) {
        try {
            CompletableFuture.anyOf(call, result).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (call.isDone() && !call.isCompletedExceptionally()) {
                return call.get();
            }
            TransferAnswer answer = result.isDone() ? result.get() : null;
            throw new ConflictException("the host did not open the transfer: " + (answer == null ? "no answer" : answer.answer().message()));
        } catch (ExecutionException e) {
            throw new ConflictException("the host could not be asked: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new ConflictException("the host did not open the transfer within %d s".formatted(timeout.toSeconds()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConflictException("interrupted");
        } finally {
            sessions.forget(session);
        }
    }

    private TransferAnswer await(CompletableFuture<TransferAnswer> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new TransferAnswer(StorageAnswer.failed(StorageCalls.NO_ANSWER, "the host did not answer within %d s".formatted(timeout.toSeconds())), 0);
        } catch (ExecutionException e) {
            return new TransferAnswer(StorageAnswer.failed(StorageCalls.NOT_CONNECTED, "the host could not be asked: " + e.getCause().getMessage()), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TransferAnswer(StorageAnswer.failed(StorageCalls.NO_ANSWER, "interrupted"), 0);
        }
    }

    private static ImageTransfer requirePhase(ImageTransfer t, Phase phase) {
        if (t.phase() != phase) {
            throw new ConflictException("the transfer of %s is %s, not %s".formatted(t.diskName(), t.phase(), phase));
        }
        return t;
    }

    private Host host(StorageDomain domain) {
        String dc = domain.dataCenterId() == null ? "" : dataCenters.find(domain.dataCenterId()).map(x -> x.name()).orElse("");
        return hosts.forDomain(domain, dc);
    }
}
