package dev.flotilla.manager.domainmonitor;

import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostStatus;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmCommands;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmService;
import dev.flotilla.manager.vm.VmStatus;
import dev.flotilla.manager.storage.Disk;
import dev.flotilla.manager.storage.DiskRepository;
import dev.flotilla.manager.storage.StorageDomain;
import dev.flotilla.manager.storage.StorageDomainRepository;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * oVirt's resume of VMs paused on a storage I/O error: QEMU stops a VM whose disk failed a read or
 * a write (werror=stop, rerror=stop) and the agent reports it Paused with a reason starting
 * "storage I/O error"; once its host reads again a domain it had failed to read after the pause,
 * and reads every domain it watches, the VM is resumed. A pause for want of space (QEMU's ENOSPC,
 * "no space left on the storage") waits instead for room: it is resumed once its host reports the
 * paused disk's domain with at least {@code flotilla.storage.monitor.nospace-resume-free} free and
 * more free than when the pause was first seen (oVirt extends the volume and resumes; here the admin
 * or the storage makes the room). A VM an admin paused has another reason and stays paused.
 */
@Component
class IoErrorResumes {

    /** How the agent's reason for such a pause starts (QmpEvents.STORAGE_IO_ERROR on the agent). */
    static final String IO_ERROR_REASON = "storage I/O error";
    /** What the agent's reason says for QEMU's nospace errors (QmpEvents on the agent). */
    static final String NO_SPACE = "no space left on the storage";
    private static final Pattern DISK = Pattern.compile("disk-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");
    private static final Logger log = LoggerFactory.getLogger(IoErrorResumes.class);

    private final VmRepository vms;
    private final VmService service;
    private final EventLog events;
    private final DiskRepository disks;
    private final StorageDomainRepository domains;
    private final long minFree;
    /** The free space of the paused disk's domain when a nospace pause was first seen, per VM. */
    private final Map<UUID, Long> freeAtPause = new ConcurrentHashMap<>();

    IoErrorResumes(VmRepository vms, VmService service, EventLog events, DiskRepository disks, StorageDomainRepository domains,
                   @Value("${flotilla.storage.monitor.nospace-resume-free:256MB}") DataSize minFree) {
        this.vms = vms;
        this.service = service;
        this.events = events;
        this.disks = disks;
        this.domains = domains;
        this.minFree = minFree.toBytes();
    }

    /**
     * Resumes the host's I/O-error pauses that came before {@code recoveredAt} (the host's last read
     * of a domain after failing to), when its reports say every domain it watches reads now; and its
     * nospace pauses whose domain has room again.
     */
    void resumeOn(Host host, Map<UUID, DomainReport> reports, java.time.Instant recoveredAt) {
        if (host.status() != HostStatus.Up) {
            return;
        }
        boolean readsAgain = recoveredAt != null && readsEverything(reports);
        for (Vm vm : vms.onHost(host.id())) {
            if (vm.status() != VmStatus.Paused || vm.statusReason() == null || !vm.statusReason().startsWith(IO_ERROR_REASON)
                    || vm.statusChangedAt() == null) {
                freeAtPause.remove(vm.id());
            } else if (vm.statusReason().contains(NO_SPACE)) {
                resumeWithRoom(host, vm, reports);
            } else if (readsAgain && vm.statusChangedAt().isBefore(recoveredAt)) {
                resume(vm, "VM %s is resumed: host %s reads its storage again (it was paused on %s)"
                        .formatted(vm.name(), host.name(), vm.statusReason()));
            }
        }
    }

    private void resumeWithRoom(Host host, Vm vm, Map<UUID, DomainReport> reports) {
        Matcher m = DISK.matcher(vm.statusReason());
        Disk disk = m.find() ? disks.find(UUID.fromString(m.group(1))).orElse(null) : null;
        DomainReport report = disk == null ? null : reports.get(disk.storageDomainId());
        if (report == null || !report.valid() || report.freeBytes() == null) {
            return;
        }
        Long before = freeAtPause.putIfAbsent(vm.id(), report.freeBytes());
        if (roomAgain(report, before == null ? report.freeBytes() : before, minFree, vm.statusChangedAt())) {
            freeAtPause.remove(vm.id());
            String domain = domains.find(disk.storageDomainId()).map(StorageDomain::name).orElse(disk.storageDomainId().toString());
            resume(vm, "VM %s is resumed: storage domain %s has %d MiB free again, host %s reports (it was paused on %s)"
                    .formatted(vm.name(), domain, report.freeBytes() >> 20, host.name(), vm.statusReason()));
        }
    }

    /**
     * Whether a nospace pause may end: a report after the pause, with at least {@code minFree} free
     * and more than at the pause (resuming into the same lack of room would only pause it again).
     */
    static boolean roomAgain(DomainReport report, long freeAtPause, long minFree, java.time.Instant pausedAt) {
        return report.valid() && report.freeBytes() != null && report.reportedAt() != null && report.reportedAt().isAfter(pausedAt)
                && report.freeBytes() >= minFree && report.freeBytes() > freeAtPause;
    }

    /** The event once the host was asked: an event that says "resumed" names a resume that was sent. */
    private void resume(Vm vm, String event) {
        try {
            service.power(vm.id(), VmCommands.Kind.RESUME);
            events.info(ObjectRef.vm(vm.id(), vm.name()), event);
        } catch (RuntimeException e) {
            log.warn("could not resume VM {} after its storage came back: {}", vm.name(), e.getMessage());
        }
    }

    /** At least one domain reported, and none of them failing. */
    static boolean readsEverything(Map<UUID, DomainReport> reports) {
        return !reports.isEmpty() && reports.values().stream().allMatch(r -> r.checked() && r.valid());
    }
}
