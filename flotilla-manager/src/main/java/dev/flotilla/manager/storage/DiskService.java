package dev.flotilla.manager.storage;

import dev.flotilla.manager.action.ActionRunner;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.ListResponse;
import dev.flotilla.manager.api.PageRequest;
import dev.flotilla.manager.datacenter.DataCenterRepository;
import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmStatus;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The disk operations as the API and the console both call them: each runs its action (checks,
 * disk Locked, audited), then has a host of the domain's data center do the volume work, then
 * records the outcome. A host's refusal leaves nothing behind (a new disk's row is removed) and
 * reaches the caller and the event log; a host that does not answer in time leaves the disk
 * Illegal, since its volume may or may not be whole.
 */
@Service
public class DiskService {

    private final DiskRepository disks;
    private final StorageDomainRepository domains;
    private final DataCenterRepository dataCenters;
    private final VmRepository vms;
    private final VolumeRepository volumes;
    private final StorageHosts hosts;
    private final StorageCalls calls;
    private final DiskActions actions;
    private final VmDiskActions vmDisks;
    private final ActionRunner runner;
    private final DiskPlugCommands plugs;
    private final VmVolumes attached;
    private final EventLog events;
    private final TransactionTemplate tx;
    private final Clock clock;

    DiskService(DiskRepository disks, StorageDomainRepository domains, DataCenterRepository dataCenters, VmRepository vms,
                VolumeRepository volumes, StorageHosts hosts, StorageCalls calls, DiskActions actions, VmDiskActions vmDisks, ActionRunner runner,
                DiskPlugCommands plugs, VmVolumes attached, EventLog events, TransactionTemplate tx, Clock clock) {
        this.disks = disks;
        this.domains = domains;
        this.dataCenters = dataCenters;
        this.vms = vms;
        this.volumes = volumes;
        this.hosts = hosts;
        this.calls = calls;
        this.actions = actions;
        this.vmDisks = vmDisks;
        this.runner = runner;
        this.plugs = plugs;
        this.attached = attached;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    public ListResponse<DiskResponse> list(UUID storageDomainId, String name, PageRequest page) {
        ListResponse<Disk> found = disks.list(storageDomainId, name, page);
        Map<UUID, String> domainNames = domains.all().stream().collect(Collectors.toMap(StorageDomain::id, StorageDomain::name));
        Map<UUID, VmDisk> attachments = new HashMap<>();
        found.items().forEach(d -> disks.attachment(d.id()).ifPresent(a -> attachments.put(d.id(), a)));
        Map<UUID, String> vmNames = vms.findAll(attachments.values().stream().map(VmDisk::vmId).collect(Collectors.toSet())).stream()
                .collect(Collectors.toMap(Vm::id, Vm::name));
        return found.map(d -> {
            VmDisk a = attachments.get(d.id());
            return DiskResponse.of(d, domainNames.getOrDefault(d.storageDomainId(), ""), a == null ? null : a.vmId(),
                    a == null ? null : vmNames.get(a.vmId()));
        });
    }

    public DiskResponse get(UUID id) {
        return view(disks.get(id));
    }

    public DiskResponse create(DiskInput in) {
        if (in.storageDomainId() != null) {
            // no host, no disk: refuse before anything is recorded
            domains.find(in.storageDomainId()).ifPresent(this::host);
        }
        Disk disk = runner.run(actions.create, in);
        StorageDomain domain = domains.get(disk.storageDomainId());
        Host host = host(domain);
        StorageAnswer answer = calls.create(host, domain, disk);
        if (answer.ok()) {
            tx.executeWithoutResult(s -> {
                disks.sized(disk.id(), answer.virtualBytes() == null ? disk.sizeBytes() : answer.virtualBytes(), answer.actualBytes());
                recordSpace(domain, host, answer);
                events.info(DiskActions.ref(disk), "Disk %s was created on storage domain %s by host %s".formatted(disk.name(), domain.name(), host.name()));
            });
            return view(disks.get(disk.id()));
        }
        String message = "disk %s could not be created on storage domain %s: %s".formatted(disk.name(), domain.name(), answer.message());
        tx.executeWithoutResult(s -> {
            if (StorageCalls.NO_ANSWER.equals(answer.problem())) {
                disks.changeStatus(disk.id(), DiskStatus.Locked, DiskStatus.Illegal, answer.message() + "; the volume may be incomplete: delete the disk");
            } else {
                disks.delete(disk.id());
            }
            events.error(DiskActions.ref(disk), message);
        });
        throw new ConflictException(message);
    }

    public DiskResponse grow(UUID id, Long sizeBytes) {
        Disk disk = runner.run(actions.grow, new DiskActions.GrowInput(id, sizeBytes));
        StorageDomain domain = domains.get(disk.storageDomainId());
        Host host = hostOrUnlock(disk, domain, DiskStatus.OK);
        StorageAnswer answer = calls.resize(host, domain, disk, sizeBytes);
        if (answer.ok()) {
            tx.executeWithoutResult(s -> {
                disks.sized(id, answer.virtualBytes() == null ? sizeBytes : answer.virtualBytes(), answer.actualBytes());
                recordSpace(domain, host, answer);
                events.info(DiskActions.ref(disk), "Disk %s grew to %s".formatted(disk.name(), Bytes.human(sizeBytes)));
            });
            return view(disks.get(id));
        }
        throw failed(disk, "could not grow", DiskStatus.OK, answer);
    }

    public void delete(UUID id) {
        DiskStatus before = disks.get(id).status();
        Disk disk = runner.run(actions.remove, id);
        StorageDomain domain = domains.get(disk.storageDomainId());
        Host host = hostOrUnlock(disk, domain, before);
        StorageAnswer answer = calls.delete(host, domain, disk);
        if (!answer.ok()) {
            throw failed(disk, "could not be deleted", before, answer);
        }
        // the rest of its chain (snapshots' volumes, a volume a preview set aside): each image and .meta goes
        List<Volume> rest = new java.util.ArrayList<>(volumes.chain(id).stream().filter(v -> v.diskId().equals(id)).toList());
        volumes.ofDisk(id).stream().filter(v -> !rest.contains(v)).forEach(rest::add);
        for (Volume v : rest) {
            if (v.id().equals(disk.volumeId())) {
                continue;
            }
            StorageAnswer removed = calls.remove(host, domain, v);
            if (!removed.ok()) {
                // its active volume is gone already: the disk is no longer usable, deleting again finishes
                throw failed(disk, "was deleted only in part (volume %s is left; delete again)".formatted(v.id()), DiskStatus.Illegal, removed);
            }
            answer = removed;
        }
        StorageAnswer last = answer;
        tx.executeWithoutResult(s -> {
            disks.delete(id);
            recordSpace(domain, host, last);
            events.info(DiskActions.ref(disk), "Disk %s was deleted from storage domain %s".formatted(disk.name(), domain.name()));
        });
    }

    public List<VmDiskResponse> vmDisks(UUID vmId) {
        vms.get(vmId);
        return disks.attachedTo(vmId).stream().map(a -> {
            Disk d = disks.get(a.diskId());
            return VmDiskResponse.of(a, d, domains.find(d.storageDomainId()).map(StorageDomain::name).orElse(""));
        }).toList();
    }

    /**
     * Attaches; to a running VM its host then plugs the disk in live, and a refusal takes the
     * attachment back (409 with the host's words), so the record never claims a disk the guest lacks.
     */
    public VmDiskResponse attach(UUID vmId, VmDiskInput in) {
        VmDisk a = runner.run(vmDisks.attach, new VmDiskActions.AttachInput(vmId, in));
        Disk d = disks.get(a.diskId());
        Vm vm = vms.get(vmId);
        if (vm.status() != VmStatus.Down && vm.hostId() != null) {
            String refusal = LiveCall.await(plugs.plug(vm.hostId(), vmId, attached.of(vmId, d.id()).orElseThrow()));
            if (refusal != null) {
                tx.executeWithoutResult(s -> {
                    disks.detach(d.id());
                    events.error(VmDiskActions.ref(vm), "Disk %s could not be plugged into VM %s: %s".formatted(d.name(), vm.name(), refusal));
                });
                throw new ConflictException("disk %s could not be plugged into running VM %s: %s".formatted(d.name(), vm.name(), refusal));
            }
            vms.noteLiveDeviceChange(vmId, "disk %s was plugged in while it ran".formatted(d.name()));
            events.info(VmDiskActions.ref(vm), "Disk %s was plugged into running VM %s".formatted(d.name(), vm.name()));
        }
        return VmDiskResponse.of(a, d, domains.get(d.storageDomainId()).name());
    }

    /** Detaches; from a running VM only once its host unplugged the disk (else 409, and the disk stays attached). */
    public void detach(UUID vmId, UUID diskId) {
        Disk d = runner.run(vmDisks.detach, new VmDiskActions.DetachInput(vmId, diskId));
        Vm vm = vms.get(vmId);
        if (disks.attachment(diskId).isEmpty() || vm.hostId() == null) {
            return;
        }
        String refusal = LiveCall.await(plugs.unplug(vm.hostId(), vmId, diskId));
        if (refusal != null) {
            events.error(VmDiskActions.ref(vm), "Disk %s could not be unplugged from VM %s: %s".formatted(d.name(), vm.name(), refusal));
            throw new ConflictException("disk %s could not be unplugged from running VM %s: %s".formatted(d.name(), vm.name(), refusal));
        }
        tx.executeWithoutResult(s -> {
            disks.detach(diskId);
            vms.noteLiveDeviceChange(vmId, "disk %s was unplugged while it ran".formatted(d.name()));
            events.info(VmDiskActions.ref(vm), "Disk %s was unplugged from running VM %s".formatted(d.name(), vm.name()));
        });
    }

    /** Disks not attached to any VM, for the console's attach form. */
    public List<DiskResponse> unattached() {
        return list(null, null, new PageRequest(0, PageRequest.MAX_SIZE)).items().stream()
                .filter(d -> d.vmId() == null && "OK".equals(d.status())).toList();
    }

    private DiskResponse view(Disk d) {
        var a = disks.attachment(d.id());
        return DiskResponse.of(d, domains.find(d.storageDomainId()).map(StorageDomain::name).orElse(""),
                a.map(VmDisk::vmId).orElse(null), a.flatMap(x -> vms.find(x.vmId())).map(Vm::name).orElse(null));
    }

    private Host host(StorageDomain domain) {
        String dc = domain.dataCenterId() == null ? "" : dataCenters.find(domain.dataCenterId()).map(x -> x.name()).orElse("");
        return hosts.forDomain(domain, dc);
    }

    /** The host for work on a locked disk; when there is none the disk goes back to {@code before}. */
    private Host hostOrUnlock(Disk disk, StorageDomain domain, DiskStatus before) {
        try {
            return host(domain);
        } catch (RuntimeException e) {
            tx.executeWithoutResult(s -> disks.changeStatus(disk.id(), DiskStatus.Locked, before, ""));
            throw e;
        }
    }

    /** A host's refusal: the disk goes back to {@code before} (Illegal when the host did not answer); 409 with its words. */
    private ConflictException failed(Disk disk, String verb, DiskStatus before, StorageAnswer answer) {
        String message = "disk %s %s: %s".formatted(disk.name(), verb, answer.message());
        tx.executeWithoutResult(s -> {
            boolean unknown = StorageCalls.NO_ANSWER.equals(answer.problem());
            disks.changeStatus(disk.id(), DiskStatus.Locked, unknown ? DiskStatus.Illegal : before,
                    unknown ? answer.message() + "; the volume may be incomplete" : "");
            events.error(DiskActions.ref(disk), message);
        });
        return new ConflictException(message);
    }

    private void recordSpace(StorageDomain domain, Host host, StorageAnswer answer) {
        if (domain.type() != StorageType.ISCSI && (answer.totalBytes() != null || answer.freeBytes() != null)) {
            domains.recordSpace(domain.id(), host.id(), answer.totalBytes(), answer.freeBytes(), clock.instant());
        }
    }
}
