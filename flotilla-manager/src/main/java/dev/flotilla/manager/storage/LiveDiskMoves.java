package dev.flotilla.manager.storage;

import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.jobs.JobHandle;
import dev.flotilla.manager.vm.Vm;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The job of a live disk move (oVirt's live storage migration): the VM's host copies the disk's
 * read-only volumes to the target domain, QEMU mirrors the active one and pivots the guest onto
 * the copies (agent command {@code LiveMove}). Only once the host said the guest runs on the target
 * does the database point the disk at the target domain (the volumes keep their ids); then the
 * source volumes are removed (a source LUN is cleared). A failure or a cancel leaves the guest and the
 * database on the source, and the host has removed what it made on the target; the target LUN a move
 * onto iSCSI had claimed is free again either way.
 */
@Component
class LiveDiskMoves {

    /** A move going on: where to send a cancel, and whether one was asked for. */
    private record Running(UUID hostId, UUID vmId, boolean cancelled) {
    }

    private final Map<UUID, Running> running = new ConcurrentHashMap<>();
    private final VolumeCopies copies;
    private final StorageCalls calls;
    private final VolumeRepository volumes;
    private final DiskRepository disks;
    private final HostRepository hosts;
    private final StorageDomainRepository domains;
    private final EventLog events;
    private final TransactionTemplate tx;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration timeout;

    LiveDiskMoves(VolumeCopies copies, StorageCalls calls, VolumeRepository volumes, DiskRepository disks, HostRepository hosts,
                  StorageDomainRepository domains, EventLog events, TransactionTemplate tx, JdbcClient jdbc, Clock clock,
                  @Value("${flotilla.storage.copy-timeout:PT2H}") Duration timeout) {
        this.copies = copies;
        this.calls = calls;
        this.volumes = volumes;
        this.disks = disks;
        this.hosts = hosts;
        this.domains = domains;
        this.events = events;
        this.tx = tx;
        this.jdbc = jdbc;
        this.clock = clock;
        this.timeout = timeout;
    }

    void run(DiskCopyActions.Plan p, JobHandle job) {
        Disk d = p.disk();
        Vm vm = p.live();
        Host host = hosts.get(vm.hostId());
        running.put(d.id(), new Running(host.id(), vm.id(), false));
        try {
            List<Volume> chain = volumes.chain(d.id());
            job.step("moving disk %s of running VM %s to %s (%d volume%s; qemu-img and QEMU's mirror on host %s)".formatted(d.name(), vm.name(),
                    p.target().name(), chain.size(), chain.size() == 1 ? "" : "s", host.name()));
            StorageAnswer a = StorageCalls.await(host, copies.liveMove(host.id(), vm.id(), d.id(), p.source(), d.lun(), p.target(), p.targetLun(), chain,
                    "disk " + d.name(), percent -> job.progress(percent * 0.95)), timeout);
            if (!a.ok()) {
                boolean cancelled = running.get(d.id()).cancelled();
                tx.executeWithoutResult(s -> {
                    disks.changeStatus(d.id(), DiskStatus.Locked, DiskStatus.OK, "");
                    events.error(DiskActions.ref(d), "Live move of disk %s to %s %s: %s; VM %s runs on its volumes on %s and nothing is left on %s"
                            .formatted(d.name(), p.target().name(), cancelled ? "was cancelled" : "failed", a.message(), vm.name(),
                                    p.source().name(), p.target().name()));
                });
                if (cancelled) {
                    job.cancel(a.message());
                } else {
                    job.fail(a.message());
                }
                return;
            }
            tx.executeWithoutResult(s -> {
                jdbc.sql("update disk set storage_domain_id = :sd, lun = :lun, version = version + 1 where id = :d")
                        .param("sd", p.target().id()).param("lun", p.targetLun()).param("d", d.id()).update();
                disks.releaseLunClaims(d.id());
                disks.changeStatus(d.id(), DiskStatus.Locked, DiskStatus.OK, "");
                if (a.totalBytes() != null || a.freeBytes() != null) {
                    domains.recordSpace(p.target().id(), host.id(), a.totalBytes(), a.freeBytes(), clock.instant());
                }
            });
            job.step("removing the source volumes from " + p.source().name());
            for (Volume v : chain) {
                StorageAnswer removed = calls.removeLeftBehind(host, p.source(), d, v);
                if (!removed.ok()) {
                    events.warning(DiskActions.ref(d), "Disk %s was moved to %s; its old volume %s on %s could not be removed: %s"
                            .formatted(d.name(), p.target().name(), v.id(), p.source().name(), removed.message()));
                }
            }
            events.info(DiskActions.ref(d), "Disk %s was moved live from storage domain %s to %s while VM %s ran"
                    .formatted(d.name(), p.source().name(), p.target().name(), vm.name()));
            job.progress(100);
            job.finish();
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            disks.changeStatus(d.id(), DiskStatus.Locked, DiskStatus.OK, "");
            events.error(DiskActions.ref(d), "Live move of disk %s failed: %s".formatted(d.name(), why));
            job.fail(why);
        } finally {
            running.remove(d.id());
            disks.releaseLunClaims(d.id());
        }
    }

    /** Asks the host to stop the disk's live move; the job then ends cancelled. 409 when no live move of the disk runs. */
    void cancel(Disk d) {
        Running r = running.computeIfPresent(d.id(), (id, now) -> new Running(now.hostId(), now.vmId(), true));
        if (r == null) {
            throw new ConflictException("no live move of disk %s is running; an offline move or copy cannot be cancelled".formatted(d.name()));
        }
        StorageAnswer a = StorageCalls.await(hosts.get(r.hostId()), copies.cancelLiveMove(r.hostId(), r.vmId(), d.id()), Duration.ofSeconds(30));
        if (!a.ok()) {
            throw new ConflictException("the live move of disk %s could not be cancelled: %s".formatted(d.name(), a.message()));
        }
    }
}
