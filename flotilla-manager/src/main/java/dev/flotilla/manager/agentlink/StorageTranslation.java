package dev.flotilla.manager.agentlink;

import dev.flotilla.manager.storage.Disk;
import dev.flotilla.manager.storage.DiskFormat;
import dev.flotilla.manager.storage.StorageAnswer;
import dev.flotilla.manager.storage.StorageConnection;
import dev.flotilla.manager.storage.StorageDomain;
import dev.flotilla.manager.storage.VmVolumes;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.DiskSpec;
import dev.flotilla.protocol.v1.ImageFormat;
import dev.flotilla.protocol.v1.IscsiStorage;
import dev.flotilla.protocol.v1.NfsStorage;
import dev.flotilla.protocol.v1.StorageDomainSpec;
import dev.flotilla.protocol.v1.VolumeRef;

/** The storage feature's records as protocol messages, and the agent's storage answers back. */
final class StorageTranslation {

    private StorageTranslation() {
    }

    static StorageDomainSpec domain(StorageDomain d) {
        StorageConnection c = d.connection();
        StorageDomainSpec.Builder spec = StorageDomainSpec.newBuilder().setDomainId(d.id().toString());
        switch (d.type()) {
            case NFS -> spec.setNfs(NfsStorage.newBuilder().setServer(c.server()).setExport(c.export()));
            case ISCSI -> spec.setIscsi(IscsiStorage.newBuilder().setPortal(c.portal()).setTarget(c.target())
                    .setChapUser(c.chapUser()).setChapSecret(c.chapSecret()));
            case POSIX -> spec.setPosixPath(c.path());
            case LOCAL -> spec.setLocalPath(c.path());
        }
        return spec.build();
    }

    static VolumeRef volume(StorageDomain domain, Disk disk) {
        return VolumeRef.newBuilder().setDomain(domain(domain)).setDiskId(disk.id().toString()).setVolumeId(disk.volumeId().toString())
                .setFormat(disk.format() == DiskFormat.RAW ? ImageFormat.RAW : ImageFormat.QCOW2)
                .setLun(disk.lun() == null ? 0 : disk.lun()).build();
    }

    static DiskSpec disk(VmVolumes.AttachedVolume v) {
        DiskSpec.Builder spec = DiskSpec.newBuilder().setVolume(volume(v.domain(), v.disk())).setBus(v.attachment().diskInterface().label())
                .setBootable(v.attachment().bootable()).setReadOnly(v.attachment().readOnly());
        v.backing().forEach(b -> spec.addBackingChain(volume(v.domain(), b)));
        if (v.attachment().slot() != null) {
            spec.setSlot(v.attachment().slot());
        }
        return spec.build();
    }

    /** One volume of a chain; a chain lives on its disk's domain (a thin VM's too: on its template's). */
    static VolumeRef volume(StorageDomain domain, dev.flotilla.manager.storage.Volume v) {
        return VolumeRef.newBuilder().setDomain(domain(domain)).setDiskId(v.diskId().toString()).setVolumeId(v.id().toString())
                .setFormat(v.format() == DiskFormat.RAW ? ImageFormat.RAW : ImageFormat.QCOW2).build();
    }

    /** A volume where it is: on an iSCSI domain, its LUN. */
    static VolumeRef volume(dev.flotilla.manager.storage.VolumeCopies.Place place) {
        return volume(place.domain(), place.volume()).toBuilder().setLun(place.lun() == null ? 0 : place.lun()).build();
    }

    /** The ISO in a VM's CD-ROM drive, as the last disk of its spec: read-only, on bus ide-cd. */
    static DiskSpec cdrom(VmVolumes.CdromVolume c) {
        return DiskSpec.newBuilder().setVolume(volume(c.domain(), c.iso())).setBus("ide-cd").setBootable(c.boot()).setReadOnly(true).build();
    }

    static dev.flotilla.manager.storage.DomainImport.Listing listing(CommandResult r) {
        return new dev.flotilla.manager.storage.DomainImport.Listing(answer(r), r.getStorage().getFoundVolumesList().stream()
                .map(v -> new dev.flotilla.manager.storage.DomainImport.FoundVolume(v.getDiskId(), v.getVolumeId(), v.getFormat(), v.getSizeBytes(),
                        v.hasActualBytes() ? v.getActualBytes() : null, v.getParent(), v.getDescription(), v.getProblem())).toList());
    }

    static StorageAnswer answer(CommandResult r) {
        var s = r.getStorage();
        return new StorageAnswer(r.getOk(), r.getErrorCode(), r.getErrorMessage(), s.getProblem(),
                s.hasTotalBytes() ? s.getTotalBytes() : null, s.hasFreeBytes() ? s.getFreeBytes() : null,
                s.getLunsList().stream().map(l -> new StorageAnswer.Lun(l.getNumber(), l.getSizeBytes())).toList(), s.getSummary(),
                s.hasVolume() ? s.getVolume().getVirtualBytes() : null,
                s.hasVolume() && s.getVolume().hasActualBytes() ? s.getVolume().getActualBytes() : null);
    }
}
