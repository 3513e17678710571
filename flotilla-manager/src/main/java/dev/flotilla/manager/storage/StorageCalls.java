package dev.flotilla.manager.storage;

import dev.flotilla.manager.host.Host;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Storage commands to a host, waited for: every failure becomes an answer (never an exception),
 * so callers decide in one place. A probe only reads and gets a short deadline; making a volume
 * may write its whole size (raw) and gets a long one. A host that does not answer in time gives
 * {@link #NO_ANSWER}: the command may still be running there.
 */
@Component
public class StorageCalls {

    public static final String NO_ANSWER = "NO_ANSWER";
    public static final String NOT_CONNECTED = "NOT_CONNECTED";

    private final StorageCommands commands;
    private final Duration probeTimeout;
    private final Duration volumeTimeout;

    StorageCalls(StorageCommands commands, @Value("${flotilla.storage.probe-timeout:PT60S}") Duration probeTimeout,
                 @Value("${flotilla.storage.volume-timeout:PT10M}") Duration volumeTimeout) {
        this.commands = commands;
        this.probeTimeout = probeTimeout;
        this.volumeTimeout = volumeTimeout;
    }

    StorageAnswer probe(Host host, StorageDomain domain) {
        return await(host, commands.probe(host.id(), domain), probeTimeout);
    }

    /** The volumes of a file domain; a failed listing has no volumes and the host's reason in its answer. */
    public DomainImport.Listing listVolumes(Host host, StorageDomain domain) {
        CompletableFuture<DomainImport.Listing> listing = commands.listVolumes(host.id(), domain);
        StorageAnswer answer = await(host, listing.thenApply(DomainImport.Listing::answer), volumeTimeout);
        return answer.ok() ? listing.join() : new DomainImport.Listing(answer, List.of());
    }

    StorageAnswer create(Host host, StorageDomain domain, Disk disk) {
        return await(host, commands.createVolume(host.id(), domain, disk), volumeTimeout);
    }

    StorageAnswer resize(Host host, StorageDomain domain, Disk disk, long sizeBytes) {
        return await(host, commands.resizeVolume(host.id(), domain, disk, sizeBytes), volumeTimeout);
    }

    StorageAnswer delete(Host host, StorageDomain domain, Disk disk) {
        return await(host, commands.deleteVolume(host.id(), domain, disk), volumeTimeout);
    }

    public StorageAnswer overlays(Host host, UUID vmId, List<StorageCommands.Overlay> overlays) {
        return await(host, commands.createOverlays(host.id(), vmId, overlays), volumeTimeout);
    }

    public StorageAnswer merge(Host host, UUID vmId, StorageDomain domain, Volume top, Volume base, Volume child) {
        return await(host, commands.mergeVolume(host.id(), vmId, domain, top, base, child), volumeTimeout);
    }

    public StorageAnswer copy(Host host, StorageDomain domain, Volume from, Volume to, String description) {
        return await(host, commands.copyVolume(host.id(), domain, from, to, description), volumeTimeout);
    }

    public StorageAnswer remove(Host host, StorageDomain domain, Volume volume) {
        return await(host, commands.removeVolume(host.id(), domain, volume), volumeTimeout);
    }

    /**
     * Removes a volume a moved disk left on its old domain; a LUN is not removed but cleared
     * ({@code disk} as it was names it), so no old qcow2 header greets the next disk made on it.
     */
    StorageAnswer removeLeftBehind(Host host, StorageDomain domain, Disk disk, Volume volume) {
        return domain.type() == StorageType.ISCSI ? delete(host, domain, disk) : remove(host, domain, volume);
    }

    static StorageAnswer await(Host host, CompletableFuture<StorageAnswer> future, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            return StorageAnswer.failed(NO_ANSWER, "host %s did not answer within %d s".formatted(host.name(), timeout.toSeconds()));
        } catch (ExecutionException e) {
            String why = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
            return StorageAnswer.failed(NOT_CONNECTED, "host %s could not be asked: %s".formatted(host.name(), why));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return StorageAnswer.failed(NO_ANSWER, "interrupted while waiting for host " + host.name());
        }
    }
}
