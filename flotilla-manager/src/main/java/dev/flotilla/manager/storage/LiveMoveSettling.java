package dev.flotilla.manager.storage;

import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Settles the live disk moves an earlier manager process left behind: the disk is Locked "moving
 * live to storage domain T" and nobody runs the move any more (its job was failed as an orphan at
 * start). The truth is what QEMU runs: once the VM's host reports the disk, the move is
 * <ul>
 * <li>finished when the disk runs on T (the pivot happened before the old manager wrote it down):
 *     the database names T (and the LUN the move claimed there), the disk is unlocked, the source
 *     volumes are removed;</li>
 * <li>rolled back when it runs on the source: the host is asked to cancel a mirror that may still
 *     run, the disk is unlocked on the source; the disk stays watched while this process runs, so a
 *     move the host was still copying, which pivots later, is recorded then (onto the LUN it claimed,
 *     which stays claimed until the VM is seen no more);</li>
 * <li>made Illegal when the VM no longer runs after {@code settle-wait}: nobody can tell which
 *     volume the guest wrote last, so the admin decides (oVirt marks such disks illegal too).</li>
 * </ul>
 * Each outcome is an event on the disk.
 */
@Component
class LiveMoveSettling {

    static final String MOVING_LIVE = "moving live to storage domain ";

    /** A move left behind: the disk, its VM, where it was going; once rolled back, the LUN it had claimed there (or null). */
    private record Orphan(UUID diskId, UUID vmId, UUID targetId, Integer lun) {
    }

    private final Map<UUID, Orphan> orphans = new ConcurrentHashMap<>();
    /** Rolled back while its VM runs: if the host still pivots, the database follows. */
    private final Map<UUID, Orphan> watched = new ConcurrentHashMap<>();
    private final DiskRepository disks;
    private final VolumeRepository volumes;
    private final StorageDomainRepository domains;
    private final StorageCalls calls;
    private final VolumeCopies copies;
    private final RunningDisks running;
    private final VmRepository vms;
    private final HostRepository hosts;
    private final EventLog events;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration settleWait;
    private Instant readyAt;

    LiveMoveSettling(DiskRepository disks, VolumeRepository volumes, StorageDomainRepository domains, StorageCalls calls,
                     VolumeCopies copies, RunningDisks running, VmRepository vms, HostRepository hosts, EventLog events,
                     JdbcClient jdbc, Clock clock, @Value("${flotilla.storage.live-move-settle-wait:PT3M}") Duration settleWait) {
        this.disks = disks;
        this.volumes = volumes;
        this.domains = domains;
        this.calls = calls;
        this.copies = copies;
        this.running = running;
        this.vms = vms;
        this.hosts = hosts;
        this.events = events;
        this.jdbc = jdbc;
        this.clock = clock;
        this.settleWait = settleWait;
    }

    /** At start every live move in the database is an earlier process's: this one has started none yet. */
    @EventListener(ApplicationReadyEvent.class)
    void findOrphans() {
        readyAt = clock.instant();
        jdbc.sql("""
                select d.id as disk, a.vm_id, t.id as target
                from disk d left join vm_disk a on a.disk_id = d.id left join storage_domain t on t.name = substr(d.status_reason, :n)
                where d.status = 'Locked' and d.status_reason like :p""")
                .param("n", MOVING_LIVE.length() + 1).param("p", MOVING_LIVE + "%")
                .query((rs, row) -> new Orphan(rs.getObject("disk", UUID.class), rs.getObject("vm_id", UUID.class),
                        rs.getObject("target", UUID.class), null))
                .list().forEach(o -> orphans.put(o.diskId(), o));
    }

    @Scheduled(fixedDelayString = "${flotilla.storage.live-move-settle-interval-ms:2000}")
    void settle() {
        if (readyAt == null) {
            return;
        }
        for (Orphan o : List.copyOf(orphans.values())) {
            try {
                settle(o);
            } catch (RuntimeException e) {
                orphans.remove(o.diskId());
                disks.find(o.diskId()).ifPresent(d -> illegal(d, "settling it failed: " + e.getMessage()));
            }
        }
        for (Orphan o : List.copyOf(watched.values())) {
            Optional<Vm> vm = o.vmId() == null ? Optional.empty() : vms.find(o.vmId());
            Optional<RunningDisks.Heard> heard = vm.flatMap(v -> running.of(v.id(), o.diskId()));
            if (vm.isEmpty() || vm.get().hostId() == null || heard.isEmpty()) {
                watched.remove(o.diskId());
                releaseClaim(o); // it will not pivot any more: the LUN is free
            } else if (o.targetId() != null && o.targetId().equals(heard.get().domainId())) {
                watched.remove(o.diskId());
                Disk d = disks.get(o.diskId());
                jdbc.sql("update disk set storage_domain_id = :t, lun = :lun, version = version + 1 where id = :d").param("t", o.targetId())
                        .param("lun", o.lun()).param("d", d.id()).update();
                releaseClaim(o); // the disk names the LUN now
                events.warning(DiskActions.ref(d), ("Disk %s of VM %s now runs on storage domain %s: the live move a manager restart cut"
                        + " had still pivoted on host %s; the database follows (its volumes on the source stay for the admin)")
                        .formatted(d.name(), vm.get().name(), domainName(o.targetId()), hostName(heard.get().hostId())));
            }
        }
    }

    private void settle(Orphan o) {
        Disk d = disks.find(o.diskId()).orElse(null);
        if (d == null || d.status() != DiskStatus.Locked) {
            orphans.remove(o.diskId());
            return;
        }
        Vm vm = o.vmId() == null ? null : vms.find(o.vmId()).orElse(null);
        Optional<RunningDisks.Heard> heard = vm == null || vm.hostId() == null ? Optional.empty()
                : running.of(vm.id(), d.id()).filter(h -> h.hostId().equals(vm.hostId()) && h.domainId() != null);
        if (heard.isEmpty()) {
            if (!clock.instant().isBefore(readyAt.plus(settleWait))) {
                orphans.remove(o.diskId());
                illegal(d, vm == null || vm.hostId() == null ? "its VM no longer runs, so nothing says which volume the guest wrote last"
                        : "host of VM %s never reported the disk".formatted(vm.name()));
            }
            return;
        }
        orphans.remove(o.diskId());
        Host host = hosts.get(heard.get().hostId());
        StorageDomain source = domains.find(d.storageDomainId()).orElseThrow();
        if (o.targetId() != null && o.targetId().equals(heard.get().domainId())) {
            finish(d, vm, host, source, domains.find(o.targetId()).orElseThrow());
        } else if (heard.get().domainId().equals(source.id())) {
            rollBack(d, vm, host, source, o);
        } else {
            illegal(d, "host %s reports it on storage domain %s, neither the source nor the target".formatted(host.name(),
                    domainName(heard.get().domainId())));
        }
    }

    private void finish(Disk d, Vm vm, Host host, StorageDomain source, StorageDomain target) {
        // onto an iSCSI domain the disk now names the LUN its move claimed, and the claim goes
        Integer lun = disks.claimedLun(target.id(), d.id()).orElse(null);
        jdbc.sql("update disk set storage_domain_id = :t, lun = :lun, version = version + 1 where id = :d").param("t", target.id())
                .param("lun", lun).param("d", d.id()).update();
        disks.releaseLunClaims(d.id());
        disks.changeStatus(d.id(), DiskStatus.Locked, DiskStatus.OK, "");
        String left = "";
        for (Volume v : volumes.chain(d.id())) {
            StorageAnswer removed = calls.remove(host, source, v);
            left += removed.ok() ? "" : " (volume %s on %s could not be removed: %s)".formatted(v.id(), source.name(), removed.message());
        }
        events.info(DiskActions.ref(d), ("Live move of disk %s to storage domain %s, cut by a manager restart, is finished: host %s says VM %s"
                + " runs on the copy on %s; the source volumes were removed%s").formatted(d.name(), target.name(), host.name(), vm.name(),
                target.name(), left));
    }

    private void rollBack(Disk d, Vm vm, Host host, StorageDomain source, Orphan o) {
        // a mirror may still run on the host: stop it so the guest stays on the source (no job is a fine answer)
        StorageAnswer cancel = StorageCalls.await(host, copies.cancelLiveMove(host.id(), vm.id(), d.id()), Duration.ofSeconds(30));
        // the claim stays while the disk is watched: should the host still pivot, the disk ends on a LUN no other disk took meanwhile
        Integer lun = o.targetId() == null ? null : disks.claimedLun(o.targetId(), d.id()).orElse(null);
        disks.changeStatus(d.id(), DiskStatus.Locked, DiskStatus.OK, "");
        watched.put(d.id(), new Orphan(o.diskId(), o.vmId(), o.targetId(), lun));
        events.warning(DiskActions.ref(d), ("Live move of disk %s to storage domain %s, cut by a manager restart, is rolled back: host %s says"
                + " VM %s runs on its volumes on %s (%s); copies may be left on %s; move it again to retry").formatted(d.name(),
                domainName(o.targetId()), host.name(), vm.name(), source.name(),
                cancel.ok() ? "the mirror still running there was cancelled" : "no mirror ran any more", domainName(o.targetId())));
    }

    private void releaseClaim(Orphan o) {
        if (o.lun() != null) {
            disks.releaseLunClaim(o.targetId(), o.lun(), o.diskId());
        }
    }

    private void illegal(Disk d, String why) {
        if (disks.changeStatus(d.id(), DiskStatus.Locked, DiskStatus.Illegal, "live move cut by a manager restart: " + why)) {
            events.error(DiskActions.ref(d), "Live move of disk %s, cut by a manager restart, cannot be settled: %s; the disk is Illegal for the admin"
                    .formatted(d.name(), why));
        }
    }

    private String domainName(UUID id) {
        return id == null ? "(gone)" : domains.find(id).map(StorageDomain::name).orElse(id.toString());
    }

    private String hostName(UUID id) {
        return hosts.find(id).map(Host::name).orElse(id.toString());
    }
}
