package dev.flotilla.agent.storage;

import dev.flotilla.agent.storage.StorageException.Problem;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleConsumer;

/**
 * Chains of volumes on file domains: a qcow2 overlay over another volume (a snapshot, a preview,
 * a thin VM over a template) and the offline merge that folds a volume into its parent when its
 * snapshot is deleted.
 *
 * <p>A merge is a sequence of steps each of which can be run again: the volume being merged keeps
 * its data until its parent holds all of it ({@code qemu-img commit -d}), the volume above is
 * pointed at the parent only then, and the merged volume is removed last. Cut short anywhere, the
 * chain reads as before or as after, never as neither, and the same merge run again finishes it.
 * The metadata files say so too: the merged volume is marked {@code STATE=MERGING:<parent>} first.
 */
public final class VolumeChains {

    private final VolumeTool tool;
    private final Duration connectTimeout;
    private final Duration callTimeout;

    public VolumeChains(VolumeTool tool, Duration connectTimeout, Duration callTimeout) {
        this.tool = Objects.requireNonNull(tool, "tool");
        this.connectTimeout = connectTimeout;
        this.callTimeout = callTimeout;
    }

    public VolumeChains() {
        this(new VolumeTool(), StorageProbe.DEFAULT_CONNECT_TIMEOUT, StorageProbe.DEFAULT_TOOL_TIMEOUT);
    }

    /** Makes {@code volume}, a qcow2 overlay over {@code backing} (which may be another disk's, a template's, on the same domain). */
    public VolumeInfo overlay(StorageConnection domain, VolumeRef volume, VolumeRef backing, String description) throws StorageException {
        requireFiles(domain, volume);
        if (volume.format() != VolumeFormat.QCOW2) {
            throw new StorageException(Problem.INVALID_REQUEST, "an overlay is a qcow2 volume, not " + volume.format().qemuName());
        }
        try (DomainFiles files = DomainFiles.of(domain, connectTimeout, callTimeout)) {
            files.mkdirs(volume.directory());
            VolumeInfo made = tool.createOverlay(volume.location(domain), backing.location(domain), backing.format());
            try {
                files.write(volume.metadataPath(), VolumeStore.metadata(volume, made.virtualSize(), description, name(backing), ""));
            } catch (StorageException e) {
                files.remove(volume.imagePath());
                throw e;
            }
            return made;
        }
    }

    /**
     * Folds {@code top} into {@code base}, its parent, and removes it; {@code child}, the volume
     * over top if top is not the active one, is pointed at base. Run again after a failure, it
     * goes on from where the last run stopped.
     */
    public void merge(StorageConnection domain, VolumeRef top, VolumeRef base, Optional<VolumeRef> child, Duration timeout,
                      DoubleConsumer progress) throws StorageException {
        requireFiles(domain, top);
        VolumeLocation topAt = top.location(domain);
        VolumeLocation baseAt = base.location(domain);
        try (DomainFiles files = DomainFiles.of(domain, connectTimeout, callTimeout)) {
            Optional<VolumeInfo> topInfo = existing(topAt);
            if (topInfo.isEmpty()) {
                // an earlier run got as far as removing top: only the child's pointer may be left to check
                if (child.isPresent() && !pointsAt(child.get().location(domain), baseAt)) {
                    throw new StorageException(Problem.NOT_FOUND, "cannot merge " + topAt.uri() + ": it is gone but "
                            + child.get().location(domain).uri() + " does not read from " + baseAt.uri());
                }
                files.remove(top.metadataPath());
                progress.accept(100);
                return;
            }
            if (!pointsAt(topAt, baseAt)) {
                throw new StorageException(Problem.INVALID_REQUEST, "cannot merge " + topAt.uri() + " into " + baseAt.uri()
                        + ": that is not its backing volume (" + topInfo.get().backingFile().orElse("none") + ")");
            }
            files.write(top.metadataPath(), VolumeStore.metadata(top, topInfo.get().virtualSize(), "", name(base), "MERGING:" + name(base)));
            tool.commit(topAt, timeout, p -> progress.accept(p * 0.9));
            if (child.isPresent()) {
                VolumeLocation childAt = child.get().location(domain);
                if (!pointsAt(childAt, baseAt)) {
                    tool.rebase(childAt, baseAt, base.format());
                }
                VolumeInfo c = tool.info(childAt, VolumeFormat.QCOW2);
                files.write(child.get().metadataPath(), VolumeStore.metadata(child.get(), c.virtualSize(), "", name(base), ""));
            }
            files.remove(top.imagePath());
            files.remove(top.metadataPath());
            progress.accept(100);
        }
    }

    /**
     * The files' side of a live merge, before QEMU's block-commit: top is marked MERGING in its
     * .meta. False when top is gone already (an earlier run finished the merge).
     */
    public boolean beginLiveMerge(StorageConnection domain, VolumeRef top, VolumeRef base) throws StorageException {
        requireFiles(domain, top);
        try (DomainFiles files = DomainFiles.of(domain, connectTimeout, callTimeout)) {
            Optional<VolumeInfo> info = existing(top.location(domain));
            if (info.isEmpty()) {
                return false;
            }
            files.write(top.metadataPath(), VolumeStore.metadata(top, info.get().virtualSize(), "", name(base), "MERGING:" + name(base)));
            return true;
        }
    }

    /** The files' side of a live merge once QEMU finished it: the child's .meta names base, top's files go. */
    public void endLiveMerge(StorageConnection domain, VolumeRef top, VolumeRef base, Optional<VolumeRef> child) throws StorageException {
        try (DomainFiles files = DomainFiles.of(domain, connectTimeout, callTimeout)) {
            if (child.isPresent()) {
                VolumeInfo c = tool.info(child.get().location(domain), VolumeFormat.QCOW2);
                files.write(child.get().metadataPath(), VolumeStore.metadata(child.get(), c.virtualSize(), "", name(base), ""));
            }
            files.remove(top.imagePath());
            files.remove(top.metadataPath());
        }
    }

    /**
     * A full copy of a volume with everything under it (a template's disk, a clone): one volume,
     * no backing. A copy that fails is removed.
     */
    public VolumeInfo copy(StorageConnection domain, VolumeRef from, VolumeRef to, String description, Duration timeout,
                           DoubleConsumer progress) throws StorageException {
        return copy(domain, from, domain, to, description, timeout, progress);
    }

    /**
     * A copy from a volume of one domain into a new volume of another (a disk moved or copied between
     * domains). Either may be an iSCSI LUN: off a LUN the image is read in its format (a raw disk is the
     * whole LUN); onto a LUN it is written in its format (a qcow2 made on the LUN, or raw), once the LUN
     * is known to hold it, and a copy that fails clears the LUN's start again.
     */
    public VolumeInfo copy(StorageConnection source, VolumeRef from, StorageConnection domain, VolumeRef to, String description,
                           Duration timeout, DoubleConsumer progress) throws StorageException {
        if (domain instanceof StorageConnection.Iscsi) {
            VolumeLocation lun = to.location(domain);
            try {
                return tool.convert(from.location(source), from.format(), lun, to.format(), timeout, progress);
            } catch (StorageException | RuntimeException e) {
                try {
                    tool.zeroStart(lun, 1024 * 1024); // the LUN was free: a half-written qcow2 header must not greet the next disk
                } catch (StorageException ignored) {
                    // the copy's own failure is what the manager hears
                }
                throw e;
            }
        }
        requireFiles(domain, to);
        try (DomainFiles files = DomainFiles.of(domain, connectTimeout, callTimeout)) {
            files.mkdirs(to.directory());
            try {
                VolumeInfo made = tool.convert(from.location(source), from.format(), to.location(domain), to.format(), timeout, progress);
                files.write(to.metadataPath(), VolumeStore.metadata(to, made.virtualSize(), description, "", ""));
                return made;
            } catch (StorageException e) {
                if (e.problem() != Problem.ALREADY_EXISTS) {
                    files.remove(to.imagePath());
                    files.remove(to.metadataPath());
                    files.removeDirectory(to.directory());
                }
                throw e;
            }
        }
    }

    /** Removes one volume of a disk (a preview's overlay, a merged layer); gone already is fine. */
    public void remove(StorageConnection domain, VolumeRef volume) throws StorageException {
        requireFiles(domain, volume);
        try (DomainFiles files = DomainFiles.of(domain, connectTimeout, callTimeout)) {
            files.remove(volume.imagePath());
            files.remove(volume.metadataPath());
            files.removeDirectory(volume.directory());
        }
    }

    private boolean pointsAt(VolumeLocation volume, VolumeLocation backing) throws StorageException {
        return tool.info(volume, VolumeFormat.QCOW2).backingFile().map(backing.uri()::equals).orElse(false);
    }

    private Optional<VolumeInfo> existing(VolumeLocation where) throws StorageException {
        try {
            return Optional.of(tool.info(where, VolumeFormat.QCOW2));
        } catch (StorageException e) {
            if (e.problem() == Problem.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static String name(VolumeRef v) {
        return v.diskId() + "/" + v.volumeId();
    }

    private static void requireFiles(StorageConnection domain, VolumeRef volume) throws StorageException {
        if (domain instanceof StorageConnection.Iscsi) {
            throw new StorageException(Problem.INVALID_REQUEST, "disk " + volume.diskId()
                    + " is a whole iSCSI LUN: it has no room for a chain of volumes (snapshots need a file domain)");
        }
    }
}
