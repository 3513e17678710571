package dev.flotilla.manager.storage;

import dev.flotilla.manager.action.ActionRunner;
import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.jobs.JobHandle;
import dev.flotilla.manager.jobs.Jobs;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Disks moved and copied between storage domains as jobs (a disk of a running VM moves live, see
 * {@link LiveDiskMoves}); offline: one host that reaches both
 * domains runs {@code qemu-img convert -p} (through QEMU's own nfs and iscsi clients) and tells its
 * progress as it goes, which becomes the job's progress. Onto an iSCSI domain the disk goes to the LUN
 * the plan picked, in its format; off one it is read in its format. A copy that fails is removed by the
 * host (a LUN's start is cleared) and the source is untouched; a move switches the disk to its new volume
 * (and LUN) only once the copy is whole, then removes the old one (a LUN is cleared; a removal that fails
 * is reported, the disk is moved anyway). The LUN a move claimed is released whatever the outcome.
 */
@Service
public class DiskCopies {

    /** Started: the disk being moved (or the new copy) and the job doing it. */
    public record Started(DiskResponse disk, UUID jobId) {
    }

    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "disk-copy");
        t.setDaemon(true);
        return t;
    });
    private final DiskCopyActions actions;
    private final ActionRunner runner;
    private final DiskRepository disks;
    private final DiskService view;
    private final StorageHosts hosts;
    private final VolumeCopies copies;
    private final StorageCalls calls;
    private final Jobs jobs;
    private final EventLog events;
    private final TransactionTemplate tx;
    private final JdbcClient jdbc;
    private final StorageDomainRepository domains;
    private final java.time.Clock clock;
    private final Duration timeout;
    private final LiveDiskMoves live;

    DiskCopies(DiskCopyActions actions, ActionRunner runner, DiskRepository disks, DiskService view, StorageHosts hosts, VolumeCopies copies,
               StorageCalls calls, Jobs jobs, EventLog events, TransactionTemplate tx, JdbcClient jdbc,
               StorageDomainRepository domains, java.time.Clock clock, @Value("${flotilla.storage.copy-timeout:PT2H}") Duration timeout,
               LiveDiskMoves live) {
        this.live = live;
        this.actions = actions;
        this.runner = runner;
        this.disks = disks;
        this.view = view;
        this.hosts = hosts;
        this.copies = copies;
        this.calls = calls;
        this.jobs = jobs;
        this.events = events;
        this.tx = tx;
        this.jdbc = jdbc;
        this.domains = domains;
        this.clock = clock;
        this.timeout = timeout;
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    public Started move(UUID diskId, UUID storageDomainId) {
        DiskCopyActions.Plan p = runner.run(actions.move, new DiskCopyActions.MoveInput(diskId, storageDomainId));
        JobHandle job = jobs.start("Move disk %s from %s to %s".formatted(p.disk().name(), p.source().name(), p.target().name()),
                DiskActions.ref(p.disk()), ObjectRef.storageDomain(p.target().id(), p.target().name()));
        workers.execute(() -> {
            if (p.live() == null) {
                run(p, job);
            } else {
                live.run(p, job);
            }
        });
        return new Started(view.get(diskId), job.id());
    }

    /** Stops the disk's live move (409 when none runs): the VM stays on the source volumes. */
    public DiskResponse cancelMove(UUID diskId) {
        live.cancel(disks.get(diskId));
        return view.get(diskId);
    }

    public Started copy(UUID diskId, UUID storageDomainId, String name) {
        DiskCopyActions.Plan p = runner.run(actions.copy, new DiskCopyActions.CopyInput(diskId, storageDomainId, name));
        JobHandle job = jobs.start("Copy disk %s to %s on %s".formatted(p.disk().name(), p.copy().name(), p.target().name()),
                DiskActions.ref(p.disk()), DiskActions.ref(p.copy()), ObjectRef.storageDomain(p.target().id(), p.target().name()));
        workers.execute(() -> run(p, job));
        return new Started(view.get(p.copy().id()), job.id());
    }

    private void run(DiskCopyActions.Plan p, JobHandle job) {
        Disk d = p.disk();
        boolean moving = p.copy() == null;
        Volume from = new Volume(d.volumeId(), d.id(), null, d.format(), null);
        Volume to = moving ? new Volume(UUID.randomUUID(), d.id(), null, d.format(), null)
                : new Volume(p.copy().volumeId(), p.copy().id(), null, d.format(), null);
        String what = moving ? "moving disk %s to %s".formatted(d.name(), p.target().name())
                : "copying disk %s to %s on %s".formatted(d.name(), p.copy().name(), p.target().name());
        try {
            // a local domain is reached by its one host only
            Host host = hosts.forDomain(p.source().type() == StorageType.LOCAL ? p.source() : p.target());
            job.step("%s (qemu-img convert on host %s)".formatted(what, host.name()));
            StorageAnswer a = await(host, copies.copy(host.id(), new VolumeCopies.Place(p.source(), from, d.lun()),
                    new VolumeCopies.Place(p.target(), to, p.targetLun()), (moving ? "disk " : "copy of disk ") + d.name(),
                    percent -> job.progress(percent * (moving ? 0.95 : 1.0))));
            if (!a.ok()) {
                throw new IllegalStateException(a.message());
            }
            long size = a.virtualBytes() == null ? d.sizeBytes() : a.virtualBytes();
            tx.executeWithoutResult(s -> {
                if (moving) {
                    jdbc.sql("delete from volume where disk_id = :d").param("d", d.id()).update();
                    jdbc.sql("update disk set storage_domain_id = :sd, volume_id = :v, lun = :lun, version = version + 1 where id = :d")
                            .param("sd", p.target().id()).param("v", to.id()).param("lun", p.targetLun()).param("d", d.id()).update();
                    disks.releaseLunClaims(d.id()); // the disk names its LUN now
                    disks.sized(d.id(), size, a.actualBytes());
                } else {
                    disks.sized(p.copy().id(), size, a.actualBytes());
                    disks.changeStatus(d.id(), DiskStatus.Locked, DiskStatus.OK, "");
                }
                if (a.totalBytes() != null || a.freeBytes() != null) {
                    domains.recordSpace(p.target().id(), host.id(), a.totalBytes(), a.freeBytes(), clock.instant());
                }
            });
            if (moving) {
                job.step("removing the old volume from " + p.source().name());
                StorageAnswer removed = calls.removeLeftBehind(host, p.source(), d, from);
                if (!removed.ok()) {
                    events.warning(DiskActions.ref(d), "Disk %s was moved to %s; its old volume %s on %s could not be removed: %s"
                            .formatted(d.name(), p.target().name(), from.id(), p.source().name(), removed.message()));
                }
            }
            events.info(DiskActions.ref(d), moving ? "Disk %s was moved from storage domain %s to %s".formatted(d.name(), p.source().name(), p.target().name())
                    : "Disk %s was copied to %s on storage domain %s".formatted(d.name(), p.copy().name(), p.target().name()));
            job.progress(100);
            job.finish();
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            tx.executeWithoutResult(s -> {
                disks.changeStatus(d.id(), DiskStatus.Locked, DiskStatus.OK, "");
                if (!moving) {
                    disks.delete(p.copy().id());
                }
                events.error(DiskActions.ref(d), "%s failed: %s; the disk is as it was and nothing is left on %s"
                        .formatted(Character.toUpperCase(what.charAt(0)) + what.substring(1), why, p.target().name()));
            });
            job.fail(why);
        } finally {
            disks.releaseLunClaims(d.id()); // the LUN a move onto iSCSI had claimed is free again, or named by the disk
        }
    }

    private StorageAnswer await(Host host, java.util.concurrent.CompletableFuture<StorageAnswer> call) {
        try {
            return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(false);
            throw new IllegalStateException("host %s did not finish within %d min".formatted(host.name(), timeout.toMinutes()));
        } catch (ExecutionException e) {
            throw new IllegalStateException("host %s could not be asked: %s".formatted(host.name(), e.getCause() == null ? e : e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
