package dev.flotilla.manager.storage;

import dev.flotilla.manager.action.Action;
import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.datacenter.ClusterRepository;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmStatus;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Inserting an ISO into a VM's CD-ROM drive and ejecting it. While the VM is Down only the record
 * changes (the next start opens the ISO); while it runs the change is made live by its host
 * ({@link CdromService}) before the record follows it.
 */
@Component
class CdromActions {

    final Insert insert;
    final Eject eject;

    CdromActions(CdromRepository cdroms, DiskRepository disks, StorageDomainRepository domains, VmRepository vms, ClusterRepository clusters) {
        this.insert = new Insert(cdroms, disks, domains, vms, clusters);
        this.eject = new Eject(cdroms, vms);
    }

    /** The VM's state allows a CD change: Down, or running on a host (Up, Paused). */
    static void requireChangeable(Vm vm) {
        if (vm.status() != VmStatus.Down && vm.status() != VmStatus.Up && vm.status() != VmStatus.Paused) {
            throw new ConflictException("VM %s is %s; its CD can change while it is Down, Up or Paused".formatted(vm.name(), vm.status()));
        }
    }

    record InsertInput(UUID vmId, VmCdrom.Input cdrom) {
    }

    record Insert(CdromRepository cdroms, DiskRepository disks, StorageDomainRepository domains, VmRepository vms,
                  ClusterRepository clusters) implements Action<InsertInput, VmCdrom> {
        public ObjectRef target(InsertInput in) {
            Vm vm = vms.get(in.vmId());
            return ObjectRef.vm(vm.id(), vm.name());
        }

        public VmCdrom execute(InsertInput in) {
            Vm vm = vms.get(in.vmId());
            if (in.cdrom() == null || in.cdrom().isoId() == null) {
                throw BadRequestException.field("isoId", "is required: the ISO image to insert");
            }
            Disk iso = disks.find(in.cdrom().isoId()).orElseThrow(() -> BadRequestException.field("isoId", "names no ISO image"));
            StorageDomain domain = domains.get(iso.storageDomainId());
            if (domain.role() != StorageRole.ISO) {
                throw BadRequestException.field("isoId", "names a disk of a data domain, not an ISO image of an iso domain");
            }
            if (iso.status() != DiskStatus.OK) {
                throw new ConflictException("ISO %s is %s; only an OK ISO can be inserted".formatted(iso.name(), iso.status()));
            }
            if (!clusters.get(vm.clusterId()).dataCenterId().equals(domain.dataCenterId())) {
                throw new ConflictException("ISO %s is on storage domain %s, which is not in the data center of VM %s"
                        .formatted(iso.name(), domain.name(), vm.name()));
            }
            requireChangeable(vm);
            cdroms.insert(vm.id(), iso.id(), Boolean.TRUE.equals(in.cdrom().boot()));
            return cdroms.of(vm.id()).orElseThrow();
        }

        public Audit audit(InsertInput in, VmCdrom c) {
            return new Audit(ObjectRef.vm(c.vmId(), vms.get(c.vmId()).name()), "ISO %s was inserted into the CD-ROM drive of VM %s%s"
                    .formatted(c.isoName(), vms.get(c.vmId()).name(), c.boot() ? " (boots from it)" : ""));
        }
    }

    record Eject(CdromRepository cdroms, VmRepository vms) implements Action<UUID, Optional<VmCdrom>> {
        public ObjectRef target(UUID vmId) {
            Vm vm = vms.get(vmId);
            return ObjectRef.vm(vm.id(), vm.name());
        }

        public Optional<VmCdrom> execute(UUID vmId) {
            Vm vm = vms.get(vmId);
            requireChangeable(vm);
            Optional<VmCdrom> was = cdroms.of(vmId);
            cdroms.eject(vmId);
            return was;
        }

        public Audit audit(UUID vmId, Optional<VmCdrom> was) {
            String name = vms.get(vmId).name();
            return new Audit(ObjectRef.vm(vmId, name), was.map(c -> "ISO %s was ejected from VM %s".formatted(c.isoName(), name))
                    .orElse("The CD-ROM drive of VM %s was already empty".formatted(name)));
        }
    }
}
