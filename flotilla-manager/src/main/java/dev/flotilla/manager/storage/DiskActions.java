package dev.flotilla.manager.storage;

import dev.flotilla.manager.action.Action;
import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.FieldError;
import dev.flotilla.manager.datacenter.Names;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The database half of the disk actions: check, then lock the disk (status Locked) for the host's
 * work that {@link DiskService} does next. A new disk is recorded Locked before its volume is
 * made, so its name and (on iSCSI) its LUN are taken while the host works.
 */
@Component
class DiskActions {

    static final long MIN_SIZE = Bytes.MIB;
    static final long MAX_SIZE = 64L * 1024 * Bytes.GIB;

    final Create create;
    final Grow grow;
    final Remove remove;

    DiskActions(DiskRepository disks, StorageDomainRepository domains, VmRepository vms, DiskRecords templates) {
        this.create = new Create(disks, domains);
        this.grow = new Grow(disks, domains, vms);
        this.remove = new Remove(disks, domains, vms, templates);
    }

    static ObjectRef ref(Disk d) {
        return ObjectRef.disk(d.id(), d.name());
    }

    /** The domain a disk is on must be Active for a host to work on it. */
    static void requireActive(StorageDomain domain, String verb) {
        if (!domain.status().isUsable()) {
            throw new ConflictException("storage domain %s is %s; %s needs it Active".formatted(domain.name(), domain.status(), verb));
        }
    }

    /** The VM the disk is attached to, if that VM runs (or is about to). */
    static Optional<Vm> runningUser(DiskRepository disks, VmRepository vms, UUID diskId) {
        return disks.attachment(diskId).flatMap(a -> vms.find(a.vmId())).filter(vm -> vm.status().isAlive());
    }

    record Create(DiskRepository disks, StorageDomainRepository domains) implements Action<DiskInput, Disk> {
        public ObjectRef target(DiskInput in) {
            return in.storageDomainId() == null ? ObjectRef.system() : ObjectRef.storageDomain(in.storageDomainId(), "");
        }

        public Disk execute(DiskInput in) {
            List<FieldError> errors = new ArrayList<>();
            Names.problem(in.name()).ifPresent(reason -> errors.add(new FieldError("name", reason)));
            String description = in.description() == null ? "" : in.description();
            if (description.length() > 1024) {
                errors.add(new FieldError("description", "must be at most 1024 characters"));
            }
            DiskFormat format = in.format() == null ? DiskFormat.QCOW2 : DiskFormat.parse(in.format()).orElse(null);
            if (format == null) {
                errors.add(new FieldError("format", "must be qcow2 (thin) or raw (preallocated)"));
            }
            if (in.sizeBytes() == null) {
                errors.add(new FieldError("sizeBytes", "is required"));
            } else if (in.sizeBytes() < MIN_SIZE || in.sizeBytes() > MAX_SIZE) {
                errors.add(new FieldError("sizeBytes", "must be between %d (1 MiB) and %d (64 TiB)".formatted(MIN_SIZE, MAX_SIZE)));
            }
            StorageDomain domain = null;
            if (in.storageDomainId() == null) {
                errors.add(new FieldError("storageDomainId", "is required"));
            } else {
                domain = domains.find(in.storageDomainId()).orElse(null);
                if (domain == null) {
                    errors.add(new FieldError("storageDomainId", "names no storage domain"));
                } else if (domain.role() != StorageRole.DATA) {
                    errors.add(new FieldError("storageDomainId", "names an iso domain; disks go on data domains"));
                } else if (domain.type() != StorageType.ISCSI && in.lun() != null) {
                    errors.add(new FieldError("lun", "is only for disks on iscsi domains"));
                }
            }
            if (!errors.isEmpty()) {
                throw BadRequestException.of(errors);
            }
            requireActive(domain, "making a disk on it");
            if (disks.findByName(in.name()).isPresent()) {
                throw new ConflictException("a disk named %s already exists".formatted(in.name()));
            }
            Integer lun = null;
            if (domain.type() == StorageType.ISCSI) {
                FreeSpace.Lun pick = FreeSpace.pickLun(domain.name(), domains.luns(domain.id()), disks.usedLuns(domain.id()),
                        FreeSpace.onLun(format, in.sizeBytes()), in.lun()); // a qcow2 disk's metadata must fit too
                if (pick.refusal() != null) {
                    throw new ConflictException(pick.refusal().message(), pick.refusal().details());
                }
                lun = pick.lun().number();
            } else {
                Optional<FreeSpace.Refusal> full = FreeSpace.check(domain.name(), format, in.sizeBytes(), domain.freeBytes(),
                        disks.pendingRawBytes(domain.id()));
                if (full.isPresent()) {
                    throw new ConflictException(full.get().message(), full.get().details());
                }
            }
            Disk disk = new Disk(UUID.randomUUID(), in.name(), description, domain.id(), UUID.randomUUID(), lun, format,
                    in.sizeBytes(), null, DiskStatus.Locked, "being created", 0, null);
            disks.insert(disk);
            return disks.get(disk.id());
        }

        public Audit audit(DiskInput in, Disk d) {
            return new Audit(ref(d), "Disk %s (%s, %s) is being created on storage domain %s%s".formatted(d.name(), d.format().label(),
                    Bytes.human(d.sizeBytes()), domains.get(d.storageDomainId()).name(), d.lun() == null ? "" : " on LUN " + d.lun()));
        }
    }

    record GrowInput(UUID id, Long sizeBytes) {
    }

    record Grow(DiskRepository disks, StorageDomainRepository domains, VmRepository vms) implements Action<GrowInput, Disk> {
        public ObjectRef target(GrowInput in) {
            return ref(disks.get(in.id()));
        }

        public Disk execute(GrowInput in) {
            Disk d = disks.get(in.id());
            if (in.sizeBytes() == null) {
                throw BadRequestException.field("sizeBytes", "is required: the new size in bytes");
            }
            if (in.sizeBytes() <= d.sizeBytes() || in.sizeBytes() > MAX_SIZE) {
                throw BadRequestException.field("sizeBytes", "must be larger than the disk's %d bytes (%s) and at most 64 TiB; disks only grow"
                        .formatted(d.sizeBytes(), Bytes.human(d.sizeBytes())));
            }
            if (d.status() != DiskStatus.OK) {
                throw new ConflictException("disk %s is %s; only an OK disk can grow".formatted(d.name(), d.status()));
            }
            runningUser(disks, vms, d.id()).ifPresent(vm -> {
                throw new ConflictException("disk %s is attached to VM %s, which is %s; stop it before growing the disk".formatted(d.name(), vm.name(), vm.status()));
            });
            StorageDomain domain = domains.get(d.storageDomainId());
            requireActive(domain, "growing a disk on it");
            if (domain.type() != StorageType.ISCSI) {
                long more = in.sizeBytes() - d.sizeBytes();
                FreeSpace.check(domain.name(), d.format(), more, domain.freeBytes(), disks.pendingRawBytes(domain.id())).ifPresent(r -> {
                    throw new ConflictException(r.message(), r.details());
                });
            }
            if (!disks.changeStatus(d.id(), DiskStatus.OK, DiskStatus.Locked, "growing to " + Bytes.human(in.sizeBytes()))) {
                throw new ConflictException("disk %s changed meanwhile; try again".formatted(d.name()));
            }
            return disks.get(d.id());
        }

        public Audit audit(GrowInput in, Disk d) {
            return new Audit(ref(d), "Disk %s is growing from %s to %s".formatted(d.name(), Bytes.human(d.sizeBytes()), Bytes.human(in.sizeBytes())));
        }
    }

    /** Locks the disk for removal; it is detached from its VM if that VM is Down. */
    record Remove(DiskRepository disks, StorageDomainRepository domains, VmRepository vms, DiskRecords templates) implements Action<UUID, Disk> {
        public ObjectRef target(UUID id) {
            return ref(disks.get(id));
        }

        public Disk execute(UUID id) {
            Disk d = disks.get(id);
            runningUser(disks, vms, id).ifPresent(vm -> {
                throw new ConflictException("disk %s is attached to VM %s, which is %s; stop the VM or detach the disk first"
                        .formatted(d.name(), vm.name(), vm.status()));
            });
            if (d.status() == DiskStatus.Locked) {
                throw new ConflictException("disk %s is Locked (%s); wait until that ends".formatted(d.name(), d.statusReason()));
            }
            templates.templateOf(id).ifPresent(t -> {
                throw new ConflictException("disk %s belongs to template %s; delete the template instead".formatted(d.name(), t));
            });
            requireActive(domains.get(d.storageDomainId()), "deleting a disk on it");
            disks.detach(id);
            if (!disks.changeStatus(id, d.status(), DiskStatus.Locked, "being deleted")) {
                throw new ConflictException("disk %s changed meanwhile; try again".formatted(d.name()));
            }
            return disks.get(id);
        }

        public Audit audit(UUID id, Disk d) {
            return new Audit(ref(d), "Disk %s is being deleted".formatted(d.name()));
        }
    }
}
