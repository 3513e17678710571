package dev.flotilla.agent.storage;

import dev.flotilla.agent.storage.StorageException.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * Image uploads and downloads on this host. An upload is staged in a file of the agent's state
 * directory ({@code transfers/<id>.part}): bytes arrive in ranges, so a broken upload resumes from
 * the staged length. Finishing verifies the image with qemu-img (the declared format must be the
 * format qemu-img finds; a qcow2 must pass {@code qemu-img check} and have no backing or data
 * file, which could point at any file of the host) or, for an ISO, the ISO 9660 signature; only
 * then is the volume made on its domain, by copying the staged bytes verbatim (onto an iSCSI LUN,
 * which must be large enough, with qemu-img in the volume's format). Any failure removes what was
 * made. A download copies a volume's image to a staging file, whatever the domain (QEMU's nfs and
 * iscsi clients read it), and hands that file to the caller to stream.
 */
public final class ImageStaging {

    /** The ISO 9660 primary volume descriptor's "CD001" sits at byte 32769 (sector 16, offset 1). */
    private static final long ISO_MAGIC_OFFSET = 32769;

    private final Path dir;
    private final VolumeTool tool;
    private final VolumeStore store;
    private final Duration connectTimeout;
    private final Duration callTimeout;

    public ImageStaging(Path dir, VolumeTool tool, VolumeStore store, Duration connectTimeout, Duration callTimeout) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.tool = Objects.requireNonNull(tool, "tool");
        this.store = Objects.requireNonNull(store, "store");
        this.connectTimeout = connectTimeout;
        this.callTimeout = callTimeout;
    }

    public ImageStaging(Path dir) {
        this(dir, new VolumeTool(), new VolumeStore(), StorageProbe.DEFAULT_CONNECT_TIMEOUT, StorageProbe.DEFAULT_TOOL_TIMEOUT);
    }

    /** How many bytes of the upload are staged (0 when none). */
    public long staged(UUID transferId) {
        try {
            Path f = part(transferId);
            return Files.exists(f) ? Files.size(f) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Writes {@code in} into the staging file from {@code offset}, which may not lie beyond what is
     * staged (ranges come in order and may repeat). Bytes that arrived before a failure stay
     * staged; the staged length is returned either way through {@link #staged}.
     */
    public long write(UUID transferId, long offset, long totalBytes, InputStream in) throws StorageException {
        long have = staged(transferId);
        if (offset < 0 || offset > have) {
            throw new StorageException(Problem.INVALID_REQUEST, "the upload has %d bytes staged; a range cannot start at %d".formatted(have, offset));
        }
        try {
            Files.createDirectories(dir);
            try (FileChannel out = FileChannel.open(part(transferId), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                long at = offset;
                byte[] buffer = new byte[256 * 1024];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (at + n > totalBytes) {
                        throw new StorageException(Problem.INVALID_REQUEST, "the upload was declared %d bytes long; more arrived".formatted(totalBytes));
                    }
                    ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
                    while (b.hasRemaining()) {
                        at += out.write(b, at);
                    }
                }
            }
        } catch (IOException e) {
            throw new StorageException(Problem.TOOL_FAILED, "cannot stage the upload in " + dir + ": " + e.getMessage(), e);
        }
        return staged(transferId);
    }

    /** Forgets an upload's staged bytes. */
    public void discard(UUID transferId) {
        try {
            Files.deleteIfExists(part(transferId));
        } catch (IOException ignored) {
            // a leftover staging file is only disk space of the agent's state directory
        }
    }

    /**
     * Verifies the staged upload and makes it the volume {@code volume} on {@code domain}. The
     * staged file is removed whatever the outcome: a failed verification is final (the uploader
     * starts again).
     *
     * @param iso an ISO image (placed as a raw volume) rather than a disk image of the volume's format
     */
    public VolumeInfo place(UUID transferId, StorageConnection domain, VolumeRef volume, boolean iso, long totalBytes,
                            String description) throws StorageException {
        if (domain instanceof StorageConnection.Iscsi && iso) {
            throw new StorageException(Problem.INVALID_REQUEST, "ISO images go to file domains (nfs, posix, local), not to iSCSI LUNs");
        }
        Path staged = part(transferId);
        try {
            long have = staged(transferId);
            if (!Files.exists(staged) || have != totalBytes) {
                throw new StorageException(Problem.INVALID_REQUEST, "the upload has %d of its %d bytes; send the rest first".formatted(have, totalBytes));
            }
            verify(staged, volume.format(), iso);
            if (domain instanceof StorageConnection.Iscsi) {
                return placeOnLun(staged, domain, volume, totalBytes);
            }
            VolumeLocation where = volume.location(domain);
            try (DomainFiles files = DomainFiles.of(domain, connectTimeout, callTimeout)) {
                files.mkdirs(volume.directory());
                try {
                    tool.copyBytes(VolumeLocation.path(staged), where, totalBytes);
                    VolumeInfo placed = tool.info(where, volume.format());
                    files.write(volume.metadataPath(), VolumeStore.metadata(volume, placed.virtualSize(), description));
                    return placed;
                } catch (StorageException | RuntimeException e) {
                    store.delete(domain, volume);
                    throw e;
                }
            }
        } finally {
            discard(transferId);
        }
    }

    /**
     * A verified image onto its LUN: the LUN must hold it (a refusal names both sizes), then
     * qemu-img writes it there in the volume's format. A failure clears the LUN's start again, so
     * no half-written qcow2 header greets the next disk on it.
     */
    private VolumeInfo placeOnLun(Path staged, StorageConnection domain, VolumeRef volume, long totalBytes) throws StorageException {
        VolumeLocation lun = volume.location(domain);
        long needed = tool.requireLunHolds(VolumeLocation.path(staged), volume.format(), lun, volume.lun(), volume.format());
        try {
            tool.copyWhole(VolumeLocation.path(staged), lun, volume.format(), Math.max(totalBytes, needed));
            return tool.info(lun, volume.format());
        } catch (StorageException | RuntimeException e) {
            store.delete(domain, volume);
            throw e;
        }
    }

    /**
     * Copies a volume's image file, byte for byte, to a new staging file the caller streams and
     * then deletes. A LUN has no file: its image is read out in its format (a qcow2 on the LUN
     * comes back as a compact qcow2 file, a raw disk as the whole LUN).
     */
    public Path export(StorageConnection domain, VolumeRef volume) throws StorageException {
        Path out = dir.resolve("download-" + UUID.randomUUID() + ".img");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageException(Problem.TOOL_FAILED, "cannot make " + dir + ": " + e.getMessage(), e);
        }
        VolumeLocation from = volume.location(domain);
        try {
            long bytes = tool.fileLength(from);
            if (domain instanceof StorageConnection.Iscsi) {
                tool.copyWhole(from, VolumeLocation.path(out), volume.format(), bytes);
            } else {
                tool.copyBytes(from, VolumeLocation.path(out), bytes);
            }
            return out;
        } catch (StorageException | RuntimeException e) {
            try {
                Files.deleteIfExists(out);
            } catch (IOException ignored) {
                // the first failure is what matters
            }
            throw e;
        }
    }

    private void verify(Path staged, VolumeFormat declared, boolean iso) throws StorageException {
        if (iso) {
            if (!isIso(staged)) {
                throw new StorageException(Problem.INVALID_REQUEST, "the upload is not an ISO 9660 image (no CD001 signature at byte 32769)");
            }
            return;
        }
        String found = tool.probeFormat(staged);
        if (!found.equals(declared.qemuName())) {
            throw new StorageException(Problem.INVALID_REQUEST, "the upload was declared %s but qemu-img reads it as %s".formatted(declared.qemuName(), found));
        }
        if (declared == VolumeFormat.QCOW2) {
            VolumeInfo info = tool.info(VolumeLocation.path(staged), VolumeFormat.QCOW2);
            if (info.backingFile().isPresent()) {
                throw new StorageException(Problem.INVALID_REQUEST, "the qcow2 upload has a backing file (" + info.backingFile().get()
                        + "); upload a whole image (qemu-img convert -O qcow2 makes one)");
            }
            tool.check(staged);
        }
    }

    static boolean isIso(Path file) throws StorageException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer magic = ByteBuffer.allocate(5);
            while (magic.hasRemaining() && ch.read(magic, ISO_MAGIC_OFFSET + magic.position()) > 0) {
                // read until the 5 bytes are in or the file ends
            }
            return new String(magic.array(), java.nio.charset.StandardCharsets.US_ASCII).equals("CD001");
        } catch (IOException e) {
            throw new StorageException(Problem.TOOL_FAILED, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private Path part(UUID transferId) {
        return dir.resolve(transferId + ".part");
    }
}
