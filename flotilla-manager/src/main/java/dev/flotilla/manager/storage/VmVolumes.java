package dev.flotilla.manager.storage;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** A VM's disks with their volumes and domains, in the order its guest sees them: what a host needs to run it. */
@Component
public class VmVolumes {

    /** One attached disk: the disk, its domain (with the connection a host opens it by) and how the guest sees it. */
    public record AttachedVolume(Disk disk, StorageDomain domain, VmDisk attachment, List<Volume> backing) {

        public AttachedVolume(Disk disk, StorageDomain domain, VmDisk attachment) {
            this(disk, domain, attachment, List.of());
        }
    }

    /** The ISO in a VM's CD-ROM drive, with its domain, and whether the VM boots from it. */
    public record CdromVolume(Disk iso, StorageDomain domain, boolean boot) {
    }

    private final DiskRepository disks;
    private final StorageDomainRepository domains;
    private final CdromRepository cdroms;
    private final VolumeRepository volumes;

    VmVolumes(DiskRepository disks, StorageDomainRepository domains, CdromRepository cdroms, VolumeRepository volumes) {
        this.disks = disks;
        this.domains = domains;
        this.cdroms = cdroms;
        this.volumes = volumes;
    }

    /** The ISO in the VM's CD-ROM drive; empty when the drive is empty. */
    public Optional<CdromVolume> cdrom(UUID vmId) {
        return cdroms.of(vmId).map(c -> {
            Disk iso = disks.get(c.isoId());
            return new CdromVolume(iso, domains.get(iso.storageDomainId()), c.boot());
        });
    }

    /** One disk of the VM, as {@link #of} has it. */
    public Optional<AttachedVolume> of(UUID vmId, UUID diskId) {
        return of(vmId).stream().filter(v -> v.disk().id().equals(diskId)).findFirst();
    }

    /**
     * Whether the VM's QEMU was started with each disk at its slot ({@link DiskSlots}): then a
     * migration's target gets the slots too; else (started before slots existed) neither side has them.
     */
    public boolean deviceLayout(UUID vmId) {
        return disks.deviceLayout(vmId);
    }

    public List<AttachedVolume> of(UUID vmId) {
        return disks.attachedTo(vmId).stream().map(a -> {
            Disk disk = disks.get(a.diskId());
            List<Volume> chain = volumes.chain(disk.id());
            // the volumes under the active one (snapshots, a template's): QEMU opens each as a named node
            return new AttachedVolume(disk, domains.get(disk.storageDomainId()), a, chain.subList(1, chain.size()));
        }).toList();
    }
}
