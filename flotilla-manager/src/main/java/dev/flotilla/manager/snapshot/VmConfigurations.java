package dev.flotilla.manager.snapshot;

import dev.flotilla.manager.affinity.VmPinRepository;
import dev.flotilla.manager.ha.HaPriorities;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.storage.Disk;
import dev.flotilla.manager.storage.DiskInterface;
import dev.flotilla.manager.storage.DiskRepository;
import dev.flotilla.manager.storage.DiskStatus;
import dev.flotilla.manager.storage.StorageDomain;
import dev.flotilla.manager.storage.StorageDomainRepository;
import dev.flotilla.manager.storage.VmDeviceRecords;
import dev.flotilla.manager.storage.VmDisk;
import dev.flotilla.manager.storage.VmVolumes;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmRepository;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A VM's whole configuration ({@link VmConfiguration}) read from the features that own each part
 * (the VM, its HA priority, its disks and CD-ROM, its pins) and written back to them. Writing is
 * done for a VM that is Down, under its lock, inside the caller's transaction: going back to a
 * snapshot (restore, preview, undo) or making a clone. What cannot be put back as it was (an ISO or
 * a host deleted since) is left out and said in the notes the caller puts in its event.
 */
@Component
class VmConfigurations {

    private final VmRepository vms;
    private final HaPriorities priorities;
    private final DiskRepository disks;
    private final StorageDomainRepository domains;
    private final VmVolumes vmVolumes;
    private final VmDeviceRecords devices;
    private final VmPinRepository pins;
    private final HostRepository hosts;

    VmConfigurations(VmRepository vms, HaPriorities priorities, DiskRepository disks, StorageDomainRepository domains, VmVolumes vmVolumes,
                     VmDeviceRecords devices, VmPinRepository pins, HostRepository hosts) {
        this.vms = vms;
        this.priorities = priorities;
        this.disks = disks;
        this.domains = domains;
        this.vmVolumes = vmVolumes;
        this.devices = devices;
        this.pins = pins;
        this.hosts = hosts;
    }

    /** The VM's configuration now. */
    VmConfiguration of(UUID vmId) {
        Vm vm = vms.get(vmId);
        List<VmConfiguration.DiskAt> attached = disks.attachedTo(vmId).stream().map(a -> {
            Disk d = disks.get(a.diskId());
            return new VmConfiguration.DiskAt(d.id(), d.name(), a.diskInterface().label(), a.bootable(), a.readOnly(), a.slot(), a.attachedAt());
        }).toList();
        VmConfiguration.CdromAt cd = vmVolumes.cdrom(vmId).map(c -> new VmConfiguration.CdromAt(c.iso().id(), c.iso().name(), c.boot())).orElse(null);
        List<VmConfiguration.HostAt> pinned = pins.of(vmId).stream()
                .map(h -> new VmConfiguration.HostAt(h, hosts.find(h).map(Host::name).orElse(h.toString()))).toList();
        return new VmConfiguration(true, vm.cpus(), vm.memoryMiB(), vm.boot(), vm.description(), vm.highlyAvailable(), priorities.of(vmId),
                attached, cd, pinned);
    }

    /** Why a disk cannot be attached to the VM again, if it cannot: the checks of an attach, for a disk the VM once had. */
    Optional<String> whyNotBack(Vm vm, VmConfiguration.DiskAt at) {
        Optional<Disk> disk = disks.find(at.diskId());
        if (disk.isEmpty()) {
            return Optional.of("disk %s no longer exists".formatted(at.diskName()));
        }
        Optional<VmDisk> elsewhere = disks.attachment(at.diskId()).filter(a -> !a.vmId().equals(vm.id()));
        if (elsewhere.isPresent()) {
            return Optional.of("disk %s is attached to VM %s now".formatted(at.diskName(),
                    vms.find(elsewhere.get().vmId()).map(Vm::name).orElse(elsewhere.get().vmId().toString())));
        }
        if (disk.get().status() != DiskStatus.OK) {
            return Optional.of("disk %s is %s".formatted(at.diskName(), disk.get().status()));
        }
        StorageDomain domain = domains.get(disk.get().storageDomainId());
        return domain.status().isUsable() ? Optional.empty()
                : Optional.of("storage domain %s of disk %s is %s".formatted(domain.name(), at.diskName(), domain.status()));
    }

    /** A disk the VM will have, attached as {@code at} says, with its domain: what a host needs to work on its volumes. */
    VmVolumes.AttachedVolume attached(UUID vmId, VmConfiguration.DiskAt at) {
        Disk d = disks.get(at.diskId());
        return new VmVolumes.AttachedVolume(d, domains.get(d.storageDomainId()), attachment(vmId, at));
    }

    /**
     * The VM takes {@code c} back: CPUs, memory and boot; for a complete configuration also its
     * description, HA and priority, CD-ROM and pins (not its disks: {@link #applyDisks}). Answers what could not be put back.
     */
    List<String> applySettings(UUID vmId, VmConfiguration c) {
        Vm vm = vms.get(vmId);
        vms.updateConfig(new Vm(vm.id(), vm.clusterId(), vm.hostId(), vm.name(), c.complete() ? c.description() : vm.description(), vm.status(),
                vm.statusReason(), vm.statusChangedAt(), c.cpus(), c.memoryMiB(), c.complete() ? c.highlyAvailable() : vm.highlyAvailable(),
                c.boot(), vm.version(), vm.createdAt()));
        if (!c.complete()) {
            return List.of();
        }
        List<String> notes = new ArrayList<>();
        priorities.set(vmId, c.highlyAvailable(), c.haPriority());
        VmConfiguration.CdromAt cd = c.cdrom();
        boolean isoLeft = cd != null && disks.find(cd.isoId()).isPresent();
        if (cd != null && !isoLeft) {
            notes.add("ISO %s no longer exists: the CD-ROM drive is left empty".formatted(cd.isoName()));
        }
        devices.cdrom(vmId, isoLeft ? cd.isoId() : null, isoLeft && cd.boot());
        Set<UUID> pinned = new LinkedHashSet<>();
        for (VmConfiguration.HostAt h : c.pinnedHosts()) {
            if (hosts.find(h.hostId()).filter(x -> x.clusterId().equals(vm.clusterId())).isPresent()) {
                pinned.add(h.hostId());
            } else {
                notes.add("host %s is no longer in the VM's cluster: the VM is not pinned to it".formatted(h.hostName()));
            }
        }
        pins.replace(vmId, pinned);
        return notes;
    }

    /** The VM takes a kept configuration back (settings, then disks); answers what could not be put back and which disks went. */
    List<String> takeBack(UUID vmId, Optional<VmConfiguration> c, AttachmentPlans.Plan plan) {
        List<String> notes = new ArrayList<>(c.map(x -> applySettings(vmId, x)).orElse(List.of()));
        if (c.filter(VmConfiguration::complete).isPresent()) {
            applyDisks(vmId, plan);
            plan.detach().forEach(d -> notes.add("disk %s was detached (it is kept)".formatted(d.diskName())));
        }
        return notes;
    }

    /**
     * The VM gets back its own configuration, set aside for a preview: what an undo does, and a
     * recovery of a preview cut short. Answers what could not be put back (a disk that cannot be
     * attached again, say why) and which disks went.
     */
    List<String> giveBack(Vm vm, VmConfiguration own) {
        AttachmentPlans.Plan plan = AttachmentPlans.plan(own.disks(), of(vm.id()).disks(), d -> whyNotBack(vm, d));
        List<String> notes = new ArrayList<>(plan.notes());
        notes.addAll(takeBack(vm.id(), Optional.of(own), plan));
        return notes;
    }

    /** The VM's disks become the plan's: the ones that go are detached (kept), the others attached as the plan has them. */
    void applyDisks(UUID vmId, AttachmentPlans.Plan plan) {
        plan.detach().forEach(d -> devices.remove(d.diskId()));
        plan.attach().forEach(d -> devices.put(attachment(vmId, d)));
    }

    private static VmDisk attachment(UUID vmId, VmConfiguration.DiskAt at) {
        return new VmDisk(at.diskId(), vmId, DiskInterface.parse(at.diskInterface()).orElse(DiskInterface.VIRTIO_BLK), at.bootable(), at.readOnly(),
                at.attachedAt(), at.slot());
    }
}
