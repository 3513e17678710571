package dev.flotilla.agent.storage;

import dev.flotilla.agent.storage.StorageException.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleConsumer;

/**
 * The files' side of a live disk move: the volumes on the target domain that QEMU mirrors into.
 * The read-only volumes under the active one are copied first with qemu-img, lowest first, each
 * over the copy of the one under it (so the target chain has the source's shape, and snapshots
 * stay snapshots); the active volume is made empty, of the source's size, over the copy of its
 * backing, for QEMU's {@code blockdev-mirror sync=top} to fill. A disk of one volume gets an empty
 * volume of its format and size, which {@code sync=full} fills; such a disk may also move from or
 * onto an iSCSI LUN (a qcow2 made on the LUN, or the raw LUN itself), behind CHAP too (qemu-img logs in with
 * the domain's login; QEMU gets the secret as a secret object). The volumes keep their ids: they
 * live in another domain, so the database only changes the disk's domain once the guest pivoted.
 */
public final class MoveTargets {

    private final VolumeTool tool;
    private final Duration connectTimeout;
    private final Duration callTimeout;

    public MoveTargets(VolumeTool tool, Duration connectTimeout, Duration callTimeout) {
        this.tool = Objects.requireNonNull(tool, "tool");
        this.connectTimeout = connectTimeout;
        this.callTimeout = callTimeout;
    }

    public MoveTargets() {
        this(new VolumeTool(), StorageProbe.DEFAULT_CONNECT_TIMEOUT, StorageProbe.DEFAULT_TOOL_TIMEOUT);
    }

    /**
     * Makes {@code to} (active volume first, like {@code from}) on {@code target}. All or nothing:
     * a failure removes what was made. {@code progress} hears 0–100 over the lower volumes' copies.
     */
    public void prepare(StorageConnection source, List<VolumeRef> from, StorageConnection target, List<VolumeRef> to,
                        String description, Duration timeout, DoubleConsumer progress) throws StorageException {
        requireOneVolumeOnLuns(source, from);
        requireOneVolumeOnLuns(target, to);
        if (target instanceof StorageConnection.Iscsi lun) {
            prepareLun(source, from.get(0), lun, to.get(0));
            progress.accept(100);
            return;
        }
        List<VolumeRef> made = new ArrayList<>();
        try (DomainFiles files = DomainFiles.of(target, connectTimeout, callTimeout)) {
            files.mkdirs(to.get(0).directory());
            try {
                int lower = from.size() - 1;
                for (int i = lower; i >= 1; i--) {
                    int done = lower - i;
                    Optional<VolumeRef> backing = i + 1 < to.size() ? Optional.of(to.get(i + 1)) : Optional.empty();
                    made.add(to.get(i));
                    VolumeInfo copied = tool.copyLayer(from.get(i).location(source), from.get(i).format(), to.get(i).location(target),
                            backing.map(b -> b.location(target)), backing.map(VolumeRef::format).orElse(VolumeFormat.QCOW2), timeout,
                            p -> progress.accept((done + p / 100) * 100 / lower));
                    files.write(to.get(i).metadataPath(), VolumeStore.metadata(to.get(i), copied.virtualSize(), description,
                            backing.map(MoveTargets::name).orElse(""), ""));
                }
                VolumeRef top = to.get(0);
                long size = tool.info(from.get(0).location(source), from.get(0).format()).virtualSize();
                made.add(top);
                VolumeInfo empty = to.size() == 1 ? tool.create(top.location(target), top.format(), size)
                        : tool.createOverlay(top.location(target), to.get(1).location(target), to.get(1).format(), size);
                files.write(top.metadataPath(), VolumeStore.metadata(top, empty.virtualSize(), description,
                        to.size() == 1 ? "" : name(to.get(1)), ""));
                progress.accept(100);
            } catch (StorageException | RuntimeException e) {
                if (e instanceof StorageException se && se.problem() == Problem.ALREADY_EXISTS) {
                    made.remove(made.size() - 1); // not ours: an earlier file is never overwritten nor removed
                }
                removeQuietly(files, made);
                throw e;
            }
        }
    }

    /**
     * The LUN a disk of one volume moves onto: a qcow2 made there of the source's size, or the LUN
     * as it is for a raw disk (which must hold the source; QEMU opens only the source's size of it).
     */
    private void prepareLun(StorageConnection source, VolumeRef from, StorageConnection.Iscsi target, VolumeRef to) throws StorageException {
        long size = tool.info(from.location(source), from.format()).virtualSize();
        try {
            tool.create(to.location(target), to.format(), size);
        } catch (StorageException | RuntimeException e) {
            tool.zeroStart(to.location(target), 1024 * 1024);
            throw e;
        }
    }

    /** Removes the target volumes of a move that did not happen (a failure, a cancel); gone already is fine. */
    public void remove(StorageConnection target, List<VolumeRef> to) throws StorageException {
        if (target instanceof StorageConnection.Iscsi) {
            tool.zeroStart(to.get(0).location(target), 1024 * 1024); // the LUN stays the target's; its start must not hold a qcow2 header
            return;
        }
        try (DomainFiles files = DomainFiles.of(target, connectTimeout, callTimeout)) {
            removeQuietly(files, to);
        }
    }

    private static void removeQuietly(DomainFiles files, List<VolumeRef> volumes) {
        for (VolumeRef v : volumes) {
            try {
                files.remove(v.imagePath());
                files.remove(v.metadataPath());
            } catch (StorageException ignored) {
                // the first failure is what the manager hears; a stray file is named by its .meta
            }
        }
        if (!volumes.isEmpty()) {
            try {
                files.removeDirectory(volumes.get(0).directory());
            } catch (StorageException ignored) {
                // not empty: other volumes of the disk are there
            }
        }
    }

    private static String name(VolumeRef v) {
        return v.diskId() + "/" + v.volumeId();
    }

    private static void requireOneVolumeOnLuns(StorageConnection domain, List<VolumeRef> volumes) throws StorageException {
        if (domain instanceof StorageConnection.Iscsi && volumes.size() != 1) {
            throw new StorageException(Problem.INVALID_REQUEST, "disk " + volumes.get(0).diskId()
                    + " has " + volumes.size() + " volumes; an iSCSI LUN holds one (delete its snapshots first)");
        }
    }
}
