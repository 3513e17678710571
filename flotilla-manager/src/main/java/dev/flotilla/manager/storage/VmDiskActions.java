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
 * Attach and detach of disks to a VM. Both need the VM Down (hot plug comes later), and a disk is
 * attached to one VM at a time: nothing else keeps two guests from writing one image, since
 * QEMU's nfs and iscsi drivers take no locks.
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

    static void requireDown(Vm vm, String verb) {
        if (vm.status() != VmStatus.Down) {
            throw new ConflictException("VM %s is %s; disks can be %s only while it is Down".formatted(vm.name(), vm.status(), verb));
        }
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
            requireDown(vm, "attached");
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
            disks.attach(new VmDisk(disk.id(), vm.id(), bus, Boolean.TRUE.equals(input.bootable()), Boolean.TRUE.equals(input.readOnly()), null));
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
            requireDown(vm, "detached");
            disks.detach(a.diskId());
            return disk;
        }

        public Audit audit(DetachInput in, Disk d) {
            return new Audit(ref(vms.get(in.vmId())), "Disk %s was detached from VM %s".formatted(d.name(), vms.get(in.vmId()).name()));
        }
    }
}
