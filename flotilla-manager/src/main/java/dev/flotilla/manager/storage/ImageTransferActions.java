package dev.flotilla.manager.storage;

import dev.flotilla.manager.action.Action;
import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.FieldError;
import dev.flotilla.manager.datacenter.Names;
import dev.flotilla.manager.events.ObjectRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The database half of starting an upload: the new disk (or ISO) is checked and recorded Locked,
 * so its name is taken while the bytes arrive. Disk images (qcow2, raw) go to data domains, ISO
 * images to iso domains. A file domain's (nfs, posix, local) free space must hold the whole file
 * (a full domain answers 409 with the figures); on an iSCSI domain the disk takes the smallest free
 * LUN that holds the file, and its host checks that the LUN holds the image itself before writing it.
 */
@Component
class ImageTransferActions {

    static final long MAX_SIZE = DiskActions.MAX_SIZE;

    final Begin begin;

    ImageTransferActions(DiskRepository disks, StorageDomainRepository domains) {
        this.begin = new Begin(disks, domains);
    }

    /** "iso", "qcow2" or "raw"; null when the format names none of them. */
    static String content(String format) {
        String f = format == null ? "" : format.trim().toLowerCase(Locale.ROOT);
        return List.of("iso", "qcow2", "raw").contains(f) ? f : null;
    }

    record Begin(DiskRepository disks, StorageDomainRepository domains) implements Action<ImageTransfer.Input, Disk> {
        public ObjectRef target(ImageTransfer.Input in) {
            return in.storageDomainId() == null ? ObjectRef.system() : ObjectRef.storageDomain(in.storageDomainId(), "");
        }

        public Disk execute(ImageTransfer.Input in) {
            List<FieldError> errors = new ArrayList<>();
            Names.problem(in.name()).ifPresent(reason -> errors.add(new FieldError("name", reason)));
            String description = in.description() == null ? "" : in.description();
            if (description.length() > 1024) {
                errors.add(new FieldError("description", "must be at most 1024 characters"));
            }
            String content = content(in.format());
            if (content == null) {
                errors.add(new FieldError("format", "must be qcow2 or raw (a disk image) or iso (an ISO image)"));
            }
            if (in.sizeBytes() == null) {
                errors.add(new FieldError("sizeBytes", "is required: the length of the image file in bytes"));
            } else if (in.sizeBytes() < 1 || in.sizeBytes() > MAX_SIZE) {
                errors.add(new FieldError("sizeBytes", "must be between 1 and %d (64 TiB)".formatted(MAX_SIZE)));
            }
            StorageDomain domain = in.storageDomainId() == null ? null : domains.find(in.storageDomainId()).orElse(null);
            if (in.storageDomainId() == null) {
                errors.add(new FieldError("storageDomainId", "is required"));
            } else if (domain == null) {
                errors.add(new FieldError("storageDomainId", "names no storage domain"));
            } else if (domain.type() == StorageType.ISCSI && "iso".equals(content)) {
                errors.add(new FieldError("storageDomainId", "names an iscsi domain; ISO images go to file domains (nfs, posix, local)"));
            } else if ("iso".equals(content) && domain.role() != StorageRole.ISO) {
                errors.add(new FieldError("storageDomainId", "names a data domain; ISO images go to iso domains"));
            } else if (content != null && !"iso".equals(content) && domain.role() != StorageRole.DATA) {
                errors.add(new FieldError("storageDomainId", "names an iso domain; disk images go to data domains"));
            }
            if (!errors.isEmpty()) {
                throw BadRequestException.of(errors);
            }
            DiskActions.requireActive(domain, "uploading to it");
            if (disks.findByName(in.name()).isPresent()) {
                throw new ConflictException("a disk named %s already exists".formatted(in.name()));
            }
            Integer lun = null;
            if (domain.type() == StorageType.ISCSI) {
                // the file's length is the least the LUN must hold; the host checks the image's own needs before writing
                FreeSpace.Lun pick = FreeSpace.pickLun(domain.name(), domains.luns(domain.id()), disks.usedLuns(domain.id()), in.sizeBytes(), null);
                if (pick.refusal() != null) {
                    throw new ConflictException(pick.refusal().message(), pick.refusal().details());
                }
                lun = pick.lun().number();
            } else {
                // the whole file lands on the domain, whatever its format
                FreeSpace.check(domain.name(), DiskFormat.RAW, in.sizeBytes(), domain.freeBytes(), disks.pendingRawBytes(domain.id())).ifPresent(r -> {
                    throw new ConflictException(r.message(), r.details());
                });
            }
            DiskFormat format = "qcow2".equals(content) ? DiskFormat.QCOW2 : DiskFormat.RAW;
            Disk disk = new Disk(UUID.randomUUID(), in.name(), description, domain.id(), UUID.randomUUID(), lun, format,
                    in.sizeBytes(), null, DiskStatus.Locked, ImageTransferService.UPLOADING, 0, null);
            disks.insert(disk);
            return disks.get(disk.id());
        }

        public Audit audit(ImageTransfer.Input in, Disk d) {
            return new Audit(DiskActions.ref(d), "Upload of %s %s (%s) to storage domain %s%s started".formatted(
                    "iso".equals(content(in.format())) ? "ISO" : "disk", d.name(), Bytes.human(in.sizeBytes()), domains.get(d.storageDomainId()).name(),
                    d.lun() == null ? "" : " (LUN " + d.lun() + ")"));
        }
    }
}
