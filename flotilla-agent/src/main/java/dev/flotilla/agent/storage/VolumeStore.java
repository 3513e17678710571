package dev.flotilla.agent.storage;

import dev.flotilla.agent.storage.StorageException.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The volumes of disks on storage domains, laid out as {@link VolumeRef} says: made, grown and
 * removed whole. A create that fails half-way removes what it made, so a domain never holds a
 * volume the manager does not know about.
 *
 * <p>The metadata file beside each image ({@code key=value} lines, like oVirt's {@code .meta})
 * names the disk, the volume, its format, size and description, so a domain can be read back
 * into an empty manager.
 */
public final class VolumeStore {

    private final VolumeTool tool;
    private final Duration connectTimeout;
    private final Duration callTimeout;

    public VolumeStore(VolumeTool tool, Duration connectTimeout, Duration callTimeout) {
        this.tool = Objects.requireNonNull(tool, "tool");
        this.connectTimeout = connectTimeout;
        this.callTimeout = callTimeout;
    }

    public VolumeStore() {
        this(new VolumeTool(), StorageProbe.DEFAULT_CONNECT_TIMEOUT, StorageProbe.DEFAULT_TOOL_TIMEOUT);
    }

    /**
     * Makes the volume: its directory, the image (qcow2 thin or raw preallocated), its metadata.
     * On iSCSI the LUN is formatted (qcow2) or used as it is (raw).
     */
    public VolumeInfo create(StorageConnection domain, VolumeRef volume, long sizeBytes, String description) throws StorageException {
        VolumeLocation where = volume.location(domain);
        if (domain instanceof StorageConnection.Iscsi) {
            return tool.create(where, volume.format(), sizeBytes);
        }
        try (DomainFiles files = DomainFiles.of(domain, connectTimeout, callTimeout)) {
            files.mkdirs(volume.directory());
            VolumeInfo made;
            try {
                made = tool.create(where, volume.format(), sizeBytes);
            } catch (StorageException e) {
                if (e.problem() != Problem.ALREADY_EXISTS) {
                    files.removeDirectory(volume.directory());
                }
                throw e;
            }
            try {
                files.write(volume.metadataPath(), metadata(volume, made.virtualSize(), description));
            } catch (StorageException e) {
                removeQuietly(files, volume);
                throw e;
            }
            return made;
        }
    }

    /** Grows the image; refuses to shrink. */
    public VolumeInfo resize(StorageConnection domain, VolumeRef volume, long sizeBytes, String description) throws StorageException {
        VolumeInfo grown = tool.resize(volume.location(domain), volume.format(), sizeBytes);
        if (!(domain instanceof StorageConnection.Iscsi)) {
            try (DomainFiles files = DomainFiles.of(domain, connectTimeout, callTimeout)) {
                files.write(volume.metadataPath(), metadata(volume, grown.virtualSize(), description));
            }
        }
        return grown;
    }

    /**
     * Removes the image, its metadata and the disk's directory once it is empty. A volume that is
     * already gone is not an error. On iSCSI the LUN stays (it is the target's), its first MiB
     * zeroed so the next disk on it does not start with this one's qcow2 header.
     */
    public void delete(StorageConnection domain, VolumeRef volume) throws StorageException {
        if (domain instanceof StorageConnection.Iscsi) {
            tool.zeroStart(volume.location(domain), 1024 * 1024);
            return;
        }
        try (DomainFiles files = DomainFiles.of(domain, connectTimeout, callTimeout)) {
            files.remove(volume.imagePath());
            files.remove(volume.metadataPath());
            files.removeDirectory(volume.directory());
        }
    }

    private static void removeQuietly(DomainFiles files, VolumeRef volume) {
        try {
            files.remove(volume.imagePath());
            files.remove(volume.metadataPath());
            files.removeDirectory(volume.directory());
        } catch (StorageException ignored) {
            // the first failure is what the caller reports
        }
    }

    static byte[] metadata(VolumeRef volume, long sizeBytes, String description) {
        return metadata(volume, sizeBytes, description, "", "");
    }

    /**
     * @param parent the backing volume, as {@code <disk-id>/<volume-id>}; empty for a base volume
     * @param state  empty when usable; {@code MERGING:<base>} while it is being folded into its parent,
     *               so a domain read back after a crash shows which merge to finish
     */
    static byte[] metadata(VolumeRef volume, long sizeBytes, String description, String parent, String state) {
        String text = "# Flotilla volume metadata\n"
                + "DISK=" + volume.diskId() + "\n"
                + "VOLUME=" + volume.volumeId() + "\n"
                + "FORMAT=" + volume.format().qemuName() + "\n"
                + "SIZE=" + sizeBytes + "\n"
                + "PARENT=" + parent + "\n"
                + (state.isEmpty() ? "" : "STATE=" + state + "\n")
                + "DESCRIPTION=" + (description == null ? "" : description.replaceAll("[\\r\\n]+", " ")) + "\n"
                + "UPDATED=" + Instant.now() + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
