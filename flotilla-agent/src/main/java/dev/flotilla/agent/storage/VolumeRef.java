package dev.flotilla.agent.storage;

import java.util.Objects;
import java.util.UUID;

/**
 * One volume of a disk on a storage domain. On a file domain (nfs, posix, local) it is the file
 * {@code images/<disk>/<volume>.qcow2} (or {@code .raw}) beside {@code <volume>.meta}, so that the
 * domain tells on its own which disks it holds; on an iSCSI domain it is the whole LUN {@code lun}.
 */
public record VolumeRef(UUID diskId, UUID volumeId, VolumeFormat format, int lun) {

    public VolumeRef {
        Objects.requireNonNull(diskId, "diskId");
        Objects.requireNonNull(volumeId, "volumeId");
        Objects.requireNonNull(format, "format");
    }

    /** The directory of the disk, relative to the domain's root. */
    public String directory() {
        return "images/" + diskId;
    }

    /** The image file, relative to the domain's root. */
    public String imagePath() {
        return directory() + "/" + volumeId + "." + format.qemuName();
    }

    /** The metadata file, relative to the domain's root. */
    public String metadataPath() {
        return directory() + "/" + volumeId + ".meta";
    }

    /** Where QEMU and qemu-img open this volume on {@code domain}. */
    public VolumeLocation location(StorageConnection domain) {
        if (domain instanceof StorageConnection.Nfs n) {
            return n.volume(imagePath());
        }
        if (domain instanceof StorageConnection.Iscsi i) {
            return i.lun(lun);
        }
        if (domain instanceof StorageConnection.Posix p) {
            return p.volume(imagePath());
        }
        return ((StorageConnection.Local) domain).volume(imagePath());
    }
}
