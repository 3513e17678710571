package dev.flotilla.agent.managerlink;

import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.driver.VmDefinition;
import dev.flotilla.agent.storage.ChapCredentials;
import dev.flotilla.agent.storage.StorageConnection;
import dev.flotilla.agent.storage.StorageReport;
import dev.flotilla.agent.storage.VolumeFormat;
import dev.flotilla.agent.storage.VolumeInfo;
import dev.flotilla.agent.storage.VolumeLocation;
import dev.flotilla.agent.storage.VolumeRef;
import dev.flotilla.protocol.v1.DiskSpec;
import dev.flotilla.protocol.v1.ImageFormat;
import dev.flotilla.protocol.v1.IscsiStorage;
import dev.flotilla.protocol.v1.LunInfo;
import dev.flotilla.protocol.v1.StorageAnswer;
import dev.flotilla.protocol.v1.StorageDomainSpec;
import dev.flotilla.protocol.v1.VolumeSize;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Translation between the storage messages of the protocol and the agent's storage records. */
final class StorageWire {

    private StorageWire() {
    }

    static StorageConnection connection(StorageDomainSpec spec) throws DriverException {
        try {
            return switch (spec.getKindCase()) {
                case NFS -> new StorageConnection.Nfs(spec.getNfs().getServer(), spec.getNfs().getExport());
                case ISCSI -> {
                    IscsiStorage i = spec.getIscsi();
                    Optional<ChapCredentials> chap = i.getChapUser().isEmpty() ? Optional.empty()
                            : Optional.of(new ChapCredentials(i.getChapUser(), i.getChapSecret()));
                    yield new StorageConnection.Iscsi(i.getPortal(), i.getTarget(), chap);
                }
                case POSIX_PATH -> new StorageConnection.Posix(Path.of(spec.getPosixPath()));
                case LOCAL_PATH -> new StorageConnection.Local(Path.of(spec.getLocalPath()));
                case KIND_NOT_SET -> throw new IllegalArgumentException("the storage domain names no nfs, iscsi, posix or local storage");
            };
        } catch (IllegalArgumentException e) {
            throw new DriverException(DriverException.Code.INVALID_SPEC, e.getMessage());
        }
    }

    static VolumeRef volume(dev.flotilla.protocol.v1.VolumeRef ref) throws DriverException {
        try {
            return new VolumeRef(UUID.fromString(ref.getDiskId()), UUID.fromString(ref.getVolumeId()), format(ref.getFormat()), ref.getLun());
        } catch (IllegalArgumentException e) {
            throw new DriverException(DriverException.Code.INVALID_SPEC, "the volume's disk_id and volume_id must be UUIDs: " + e.getMessage());
        }
    }

    static java.util.UUID vmId(String id) throws DriverException {
        try {
            return java.util.UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new DriverException(DriverException.Code.INVALID_SPEC, "vm_id must be a UUID, not '" + id + "'");
        }
    }

    static VolumeFormat format(ImageFormat format) throws DriverException {
        return switch (format) {
            case QCOW2 -> VolumeFormat.QCOW2;
            case RAW -> VolumeFormat.RAW;
            default -> throw new DriverException(DriverException.Code.INVALID_SPEC, "the volume has no format (qcow2 or raw)");
        };
    }

    /** A disk of a VM spec as the driver runs it: where QEMU opens it, with the CHAP login it needs. */
    static VmDefinition.Disk disk(DiskSpec spec) throws DriverException {
        StorageConnection domain = connection(spec.getVolume().getDomain());
        VolumeRef ref = volume(spec.getVolume());
        VolumeLocation location = ref.location(domain);
        String user = location.chap().map(ChapCredentials::user).orElse("");
        String secret = location.chap().map(ChapCredentials::secret).orElse("");
        List<VmDefinition.Backing> chain = new ArrayList<>();
        for (dev.flotilla.protocol.v1.VolumeRef b : spec.getBackingChainList()) {
            VolumeRef backing = volume(b);
            chain.add(new VmDefinition.Backing(backing.volumeId().toString(), backing.location(connection(b.getDomain())).uri(),
                    backing.format().qemuName()));
        }
        return new VmDefinition.Disk(ref.diskId().toString(), ref.volumeId().toString(), location.uri(), ref.format().qemuName(),
                user, secret, spec.getBus(), spec.getBootable(), spec.getReadOnly(), chain, spec.hasSlot() ? spec.getSlot() : null);
    }

    static StorageAnswer.Builder report(StorageReport report) {
        StorageAnswer.Builder answer = StorageAnswer.newBuilder().setSummary(report.summary());
        report.totalBytes().ifPresent(answer::setTotalBytes);
        report.freeBytes().ifPresent(answer::setFreeBytes);
        report.luns().forEach(l -> answer.addLuns(LunInfo.newBuilder().setNumber(l.number()).setSizeBytes(l.sizeBytes())));
        return answer;
    }

    static VolumeSize.Builder size(VolumeInfo info) {
        VolumeSize.Builder size = VolumeSize.newBuilder().setVirtualBytes(info.virtualSize());
        info.actualSize().ifPresent(size::setActualBytes);
        return size;
    }
}
