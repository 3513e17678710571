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
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * oVirt's resume of VMs paused on a storage I/O error: QEMU stops a VM whose disk failed a read or
 * a write (werror=stop, rerror=stop) and the agent reports it Paused with a reason starting
 * "storage I/O error"; once its host reads again a domain it had failed to read after the pause,
 * and reads every domain it watches, the VM is resumed. A pause while the storage reads fine (a full
 * file system, say) is left for the admin: resuming it would only pause it again. A VM an admin
 * paused has another reason and stays paused.
 */
@Component
class IoErrorResumes {

    /** How the agent's reason for such a pause starts (QmpEvents.STORAGE_IO_ERROR on the agent). */
    static final String IO_ERROR_REASON = "storage I/O error";
    private static final Logger log = LoggerFactory.getLogger(IoErrorResumes.class);

    private final VmRepository vms;
    private final VmService service;
    private final EventLog events;

    IoErrorResumes(VmRepository vms, VmService service, EventLog events) {
        this.vms = vms;
        this.service = service;
        this.events = events;
    }

    /**
     * Resumes the host's I/O-error pauses that came before {@code recoveredAt} (the host's last read
     * of a domain after failing to), when its reports say every domain it watches reads now.
     */
    void resumeOn(Host host, Map<UUID, DomainReport> reports, java.time.Instant recoveredAt) {
        if (host.status() != HostStatus.Up || recoveredAt == null || !readsEverything(reports)) {
            return;
        }
        for (Vm vm : vms.onHost(host.id())) {
            if (vm.status() == VmStatus.Paused && vm.statusReason() != null && vm.statusReason().startsWith(IO_ERROR_REASON)
                    && vm.statusChangedAt() != null && vm.statusChangedAt().isBefore(recoveredAt)) {
                try {
                    events.info(ObjectRef.vm(vm.id(), vm.name()), "VM %s is resumed: host %s reads its storage again (it was paused on %s)"
                            .formatted(vm.name(), host.name(), vm.statusReason()));
                    service.power(vm.id(), VmCommands.Kind.RESUME);
                } catch (RuntimeException e) {
                    log.warn("could not resume VM {} after its storage came back: {}", vm.name(), e.getMessage());
                }
            }
        }
    }

    /** At least one domain reported, and none of them failing. */
    static boolean readsEverything(Map<UUID, DomainReport> reports) {
        return !reports.isEmpty() && reports.values().stream().allMatch(r -> r.checked() && r.valid());
    }
}
