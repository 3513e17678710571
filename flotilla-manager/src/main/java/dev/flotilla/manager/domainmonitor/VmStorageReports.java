package dev.flotilla.manager.domainmonitor;

import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmLiveStats;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * What each heartbeat says of its VMs' storage, kept in memory as domain reports are:
 * <ul>
 * <li>VMs stalled on storage (their host's check of a domain their disks live on fails and their
 *     block statistics stopped): shown on the VM (API {@code storageStall}, console, CLI) with an
 *     event when it starts and one when it clears;</li>
 * <li>the volume and domain each disk of a running VM really uses, which settles live disk moves
 *     cut by a manager restart ({@code LiveMoveSettling}).</li>
 * </ul>
 */
@Component
public class VmStorageReports implements dev.flotilla.manager.storage.RunningDisks {

    /** One VM of a heartbeat: its stall (empty when none) and the volume each disk runs on. */
    public record VmStorage(UUID vmId, String stall, List<DiskInUse> disks) {
    }

    /** A disk as the VM's host runs it; {@code domainId} null when the host could not tell. */
    public record DiskInUse(String diskId, String volumeId, UUID domainId) {
    }

    /** The disks a host last reported for a VM, and when. */
    public record HeardDisks(UUID hostId, Instant heardAt, Map<String, DiskInUse> disks) {
    }

    private final Map<UUID, VmResponse.StorageStall> stalls = new ConcurrentHashMap<>();
    private final Map<UUID, HeardDisks> disks = new ConcurrentHashMap<>();
    private final VmLiveStats live;
    private final VmRepository vms;
    private final HostRepository hosts;
    private final EventLog events;
    private final Clock clock;

    VmStorageReports(VmLiveStats live, VmRepository vms, HostRepository hosts, EventLog events, Clock clock) {
        this.live = live;
        this.vms = vms;
        this.hosts = hosts;
        this.events = events;
        this.clock = clock;
    }

    /** A heartbeat's VMs: stalls start and clear (each with an event), disks are remembered. */
    public void heard(UUID hostId, List<VmStorage> reported) {
        Instant now = clock.instant();
        Set<UUID> here = new HashSet<>();
        for (VmStorage r : reported) {
            here.add(r.vmId());
            disks.put(r.vmId(), new HeardDisks(hostId, now, r.disks().stream().collect(Collectors.toMap(DiskInUse::diskId, d -> d, (a, b) -> a))));
            VmResponse.StorageStall before = stalls.get(r.vmId());
            boolean was = before != null && before.hostId().equals(hostId);
            if (!r.stall().isEmpty() && !was) {
                VmResponse.StorageStall stall = new VmResponse.StorageStall(hostId, r.stall(), now);
                stalls.put(r.vmId(), stall);
                live.storageStall(r.vmId(), stall);
                vm(r.vmId()).ifPresent(vm -> events.error(ObjectRef.vm(vm.id(), vm.name()),
                        "VM %s is not responding on storage on host %s: %s".formatted(vm.name(), hostName(hostId), r.stall())));
            } else if (r.stall().isEmpty() && was) {
                cleared(r.vmId(), hostId, "its disk I/O completes again");
            }
        }
        disks.entrySet().removeIf(e -> e.getValue().hostId().equals(hostId) && !here.contains(e.getKey()));
        // a VM this host stalled on and no longer reports (stopped, migrated away) is no longer stalled there; no event
        stalls.entrySet().removeIf(e -> {
            boolean gone = e.getValue().hostId().equals(hostId) && !here.contains(e.getKey());
            if (gone) {
                live.storageStall(e.getKey(), null);
            }
            return gone;
        });
    }

    @Override
    public Optional<Heard> of(UUID vmId, UUID diskId) {
        HeardDisks h = disks.get(vmId);
        DiskInUse d = h == null ? null : h.disks().get(diskId.toString());
        return d == null ? Optional.empty() : Optional.of(new Heard(h.hostId(), d.volumeId(), d.domainId(), h.heardAt()));
    }

    private void cleared(UUID vmId, UUID hostId, String why) {
        VmResponse.StorageStall was = stalls.remove(vmId);
        live.storageStall(vmId, null);
        vm(vmId).ifPresent(vm -> events.info(ObjectRef.vm(vm.id(), vm.name()), "VM %s responds on storage again on host %s: %s (it had stalled since %s)"
                .formatted(vm.name(), hostName(hostId), why, was.since())));
    }

    private Optional<Vm> vm(UUID id) {
        return vms.find(id);
    }

    private String hostName(UUID id) {
        return hosts.find(id).map(h -> h.name()).orElse(id.toString());
    }
}
