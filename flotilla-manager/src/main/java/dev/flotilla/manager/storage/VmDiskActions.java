package dev.flotilla.manager.storage;

import dev.flotilla.manager.action.Action;
import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.NotFoundException;
import dev.flotilla.manager.datacenter.ClusterRepository;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmStatus;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Attach and detach of disks to a VM, Down or running (then {@link DiskService} has the VM's host
 * plug or unplug the disk live). A disk is attached to one VM at a time: nothing else keeps two
 * guests from writing one image, since QEMU's nfs and iscsi drivers take no locks.
 */
@Component
class VmDiskActions {

    final Attach attach;
    final Detach detach;

    VmDiskActions(DiskRepository disks, StorageDomainRepository domains, VmRepository vms, ClusterRepository clusters, DiskRecords templates) {
        this.attach = new Attach(disks, domains, vms, clusters, templates);
        this.detach = new Detach(disks, vms);
    }

    static ObjectRef ref(Vm vm) {
        return ObjectRef.vm(vm.id(), vm.name());
    }

    /** Where a disk can be plugged into a running VM: QEMU runs there and answers QMP. */
    static final java.util.Set<VmStatus> PLUGGABLE = java.util.EnumSet.of(VmStatus.PoweringUp, VmStatus.Up, VmStatus.Paused);
    /** An unplug needs the guest to release the disk: it must be booted. */
    static final java.util.Set<VmStatus> UNPLUGGABLE = java.util.EnumSet.of(VmStatus.Up, VmStatus.Paused);

    /** Down, or running in one of {@code live}: true when the change must be made live on the VM's host. */
    static boolean requireDownOr(Vm vm, java.util.Set<VmStatus> live, String verb) {
        if (vm.status() == VmStatus.Down) {
            return false;
        }
        if (live.contains(vm.status()) && vm.hostId() != null) {
            return true;
        }
        throw new ConflictException("VM %s is %s; disks can be %s while it is Down or %s".formatted(vm.name(), vm.status(), verb,
                live.stream().map(Enum::name).collect(java.util.stream.Collectors.joining(" or "))));
    }

    record AttachInput(UUID vmId, VmDiskInput disk) {
    }

    record Attach(DiskRepository disks, StorageDomainRepository domains, VmRepository vms, ClusterRepository clusters, DiskRecords templates)
            implements Action<AttachInput, VmDisk> {
        public ObjectRef target(AttachInput in) {
            return ref(vms.get(in.vmId()));
        }

        public VmDisk execute(AttachInput in) {
            Vm vm = vms.get(in.vmId());
            VmDiskInput input = in.disk();
            if (input == null || input.diskId() == null) {
                throw BadRequestException.field("diskId", "is required");
            }
            DiskInterface bus = input.diskInterface() == null ? DiskInterface.VIRTIO_BLK
                    : DiskInterface.parse(input.diskInterface()).orElseThrow(() -> BadRequestException.field("interface", "must be virtio-blk or virtio-scsi"));
            Disk disk = disks.find(input.diskId()).orElseThrow(() -> BadRequestException.field("diskId", "names no disk"));
            boolean live = requireDownOr(vm, PLUGGABLE, "attached");
            disks.attachment(disk.id()).ifPresent(a -> {
                String owner = a.vmId().equals(vm.id()) ? "this VM" : "VM " + vms.find(a.vmId()).map(Vm::name).orElse(a.vmId().toString());
                throw new ConflictException("disk %s is already attached to %s; a disk is attached to one VM at a time".formatted(disk.name(), owner));
            });
            templates.templateOf(disk.id()).ifPresent(t -> {
                throw new ConflictException("disk %s belongs to template %s; make a VM from the template instead".formatted(disk.name(), t));
            });
            if (disk.status() != DiskStatus.OK) {
                throw new ConflictException("disk %s is %s; only an OK disk can be attached".formatted(disk.name(), disk.status()));
            }
            StorageDomain domain = domains.get(disk.storageDomainId());
            UUID vmDataCenter = clusters.get(vm.clusterId()).dataCenterId();
            if (!vmDataCenter.equals(domain.dataCenterId())) {
                throw new ConflictException("disk %s is on storage domain %s, which is not in the data center of VM %s"
                        .formatted(disk.name(), domain.name(), vm.name()));
            }
            Integer slot = null;
            if (live) {
                // plugged live: a slot of its own, kept, so a migration's target puts the device where this host did
                slot = DiskSlots.forLivePlug(bus, disks.attachedTo(vm.id()).stream()
                        .filter(a -> a.diskInterface() == bus && a.slot() != null).map(VmDisk::slot).toList())
                        .orElseThrow(() -> new ConflictException(("VM %s has no free place to plug a %s disk into: its %d hot-plug ports hold "
                                + "disks plugged while it ran; a restart gives every disk a fixed place and frees them").formatted(vm.name(),
                                bus.label(), DiskSlots.PORTS)));
            }
            disks.attach(new VmDisk(disk.id(), vm.id(), bus, Boolean.TRUE.equals(input.bootable()), Boolean.TRUE.equals(input.readOnly()), null,
                    slot));
            return disks.attachment(disk.id()).orElseThrow();
        }

        public Audit audit(AttachInput in, VmDisk a) {
            return new Audit(ref(vms.get(a.vmId())), "Disk %s was attached to VM %s (%s%s%s)".formatted(disks.get(a.diskId()).name(),
                    vms.get(a.vmId()).name(), a.diskInterface().label(), a.bootable() ? ", bootable" : "", a.readOnly() ? ", read-only" : ""));
        }
    }

    record DetachInput(UUID vmId, UUID diskId) {
    }

    record Detach(DiskRepository disks, VmRepository vms) implements Action<DetachInput, Disk> {
        public ObjectRef target(DetachInput in) {
            return ref(vms.get(in.vmId()));
        }

        public Disk execute(DetachInput in) {
            Vm vm = vms.get(in.vmId());
            Disk disk = disks.get(in.diskId());
            VmDisk a = disks.attachment(disk.id()).filter(x -> x.vmId().equals(vm.id()))
                    .orElseThrow(() -> new NotFoundException("disk %s is not attached to VM %s".formatted(disk.name(), vm.name())));
            if (!requireDownOr(vm, UNPLUGGABLE, "detached")) {
                disks.detach(a.diskId());
            }
            // a running VM keeps the disk in the database until its host confirmed the unplug
            return disk;
        }

        public Audit audit(DetachInput in, Disk d) {
            return new Audit(ref(vms.get(in.vmId())), "Disk %s %s VM %s".formatted(d.name(),
                    vms.get(in.vmId()).status() == VmStatus.Down ? "was detached from" : "is being unplugged from", vms.get(in.vmId()).name()));
        }
    }
}
