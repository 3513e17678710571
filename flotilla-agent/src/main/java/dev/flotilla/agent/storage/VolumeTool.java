package dev.flotilla.agent.storage;

import dev.flotilla.agent.storage.StorageException.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Disk images made and read with {@code qemu-img}, on {@code nfs://} and {@code iscsi://} URLs
 * (QEMU's own libnfs and libiscsi clients) and on paths. Every call has a deadline; every failure
 * is a {@link StorageException} whose message names the volume and the reason.
 *
 * <p>An iSCSI volume is a whole LUN: "creating" raw there writes nothing (a LUN is preallocated by
 * nature) and a qcow2 never gets a virtual size larger than its LUN.
 */
public final class VolumeTool {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern PROGRESS = Pattern.compile("\\((\\d{1,3}(?:\\.\\d+)?)/100%\\)");

    private final ToolRunner runner;
    private final Duration timeout;

    public VolumeTool(ToolRunner runner, Duration timeout) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    public VolumeTool() {
        this(ToolRunner.direct(), DEFAULT_TIMEOUT);
    }

    /**
     * Makes a new volume of {@code sizeBytes} (qemu-img rounds up to 512): qcow2 thin, or raw fully
     * allocated. Refuses to overwrite an existing file.
     */
    public VolumeInfo create(VolumeLocation where, VolumeFormat format, long sizeBytes) throws StorageException {
        String action = "cannot create " + where.uri();
        if (sizeBytes <= 0) {
            throw new StorageException(Problem.INVALID_REQUEST, action + ": the size must be positive, not " + sizeBytes);
        }
        requireAbsent(where, action);
        requireFitsLun(where, sizeBytes, action);
        if (format == VolumeFormat.RAW && where.kind() == VolumeLocation.Kind.NFS) {
            // QEMU's nfs driver knows no preallocation option: write the zeros (-S 0 keeps them)
            String zeros = "json:{\"driver\":\"null-co\",\"read-zeroes\":true,\"size\":" + roundUp(sizeBytes) + "}";
            // writing every byte takes time: allow for a slow 20 MiB/s on top of the usual deadline
            Duration deadline = timeout.plusSeconds(sizeBytes / (20L * 1024 * 1024));
            qemuImg(action, where, deadline, List.of("convert", "-O", "raw", "-S", "0", zeros, where.uri()));
        } else {
            List<String> args = new ArrayList<>(List.of("create", "-q", "-f", format.qemuName()));
            if (format == VolumeFormat.RAW && where.kind() == VolumeLocation.Kind.PATH) {
                args.addAll(List.of("-o", "preallocation=falloc"));
            }
            args.addAll(List.of(where.uri(), Long.toString(sizeBytes)));
            qemuImg(action, where, timeout, args);
        }
        return info(where, format);
    }

    /**
     * Makes a qcow2 overlay over {@code backing}, of the backing's size. The backing is written
     * into the overlay as its full URL or path: QEMU 7.2's nfs driver resolves a relative backing
     * name against the overlay's own URL ({@code nfs://s/export/top.qcow2/base.qcow2}), so a
     * relative name would make an overlay that cannot be opened.
     */
    public VolumeInfo createOverlay(VolumeLocation where, VolumeLocation backing, VolumeFormat backingFormat) throws StorageException {
        return createOverlay(where, backing, backingFormat, 0);
    }

    /**
     * An overlay of {@code sizeBytes} (0: the backing's size): the active volume of a disk grown
     * after its last snapshot is larger than the volume under it.
     */
    public VolumeInfo createOverlay(VolumeLocation where, VolumeLocation backing, VolumeFormat backingFormat, long sizeBytes) throws StorageException {
        String action = "cannot create an overlay " + where.uri() + " over " + backing.uri();
        requireSameLogin(where, backing, action);
        requireAbsent(where, action);
        List<String> args = new ArrayList<>(List.of("create", "-q", "-f", "qcow2", "-b", backing.uri(), "-F", backingFormat.qemuName(), where.uri()));
        if (sizeBytes > 0) {
            args.add(Long.toString(sizeBytes));
        }
        qemuImg(action, where.chap().isPresent() ? where : backing, timeout, args);
        return info(where, VolumeFormat.QCOW2);
    }

    /**
     * Copies one read-only layer of a chain as it is (a live move's lower volumes): with a
     * backing, only what the layer itself holds is written ({@code convert -B}, which skips what
     * is not allocated in the top of the source) over {@code backing}, a copy of the source's own
     * backing. {@code -U}: the running VM holds the source open (read-only).
     */
    public VolumeInfo copyLayer(VolumeLocation from, VolumeFormat format, VolumeLocation to, Optional<VolumeLocation> backing,
                                VolumeFormat backingFormat, Duration timeout, DoubleConsumer progress) throws StorageException {
        String action = "cannot copy " + from.uri() + " to " + to.uri();
        requireSameLogin(from, to, action);
        requireAbsent(to, action);
        List<String> args = new ArrayList<>(List.of("convert", "-p", "-U", "-f", format.qemuName(), "-O", format.qemuName()));
        if (backing.isPresent()) {
            args.addAll(List.of("-B", backing.get().uri(), "-F", backingFormat.qemuName()));
        } else if (format == VolumeFormat.RAW) {
            args.addAll(List.of("-S", "0"));
        }
        args.addAll(List.of(from.uri(), to.uri()));
        qemuImg(action, from.chap().isPresent() ? from : to, timeout, args, piece -> progressOf(piece).ifPresent(progress));
        return info(to, format);
    }

    /**
     * Reads a volume's format, sizes and backing file. The format is given, never probed: a guest
     * can write a qcow2 header into a raw disk and so point qemu-img at a file of the host.
     * {@code -U}: a running VM holds its disks locked, and reading the header is safe.
     */
    public VolumeInfo info(VolumeLocation where, VolumeFormat format) throws StorageException {
        String action = "cannot read " + where.uri();
        ToolRunner.Result r = qemuImg(action, where, timeout, List.of("info", "-U", "--output=json", "-f", format.qemuName(), where.uri()));
        try {
            return VolumeInfo.parse(where.uri(), r.stdout());
        } catch (IllegalArgumentException e) {
            throw new StorageException(Problem.TOOL_FAILED, action + ": " + where.redact(e.getMessage()), e);
        }
    }

    /** Grows a volume to {@code newSizeBytes}. Shrinking loses data and is refused. */
    public VolumeInfo resize(VolumeLocation where, VolumeFormat format, long newSizeBytes) throws StorageException {
        String action = "cannot resize " + where.uri();
        VolumeInfo now = info(where, format);
        if (newSizeBytes < now.virtualSize()) {
            throw new StorageException(Problem.INVALID_REQUEST, action + " to " + Sizes.human(newSizeBytes) + ": it holds "
                    + Sizes.human(now.virtualSize()) + " and shrinking a disk destroys the data beyond the new end");
        }
        if (newSizeBytes == now.virtualSize()) {
            return now;
        }
        requireFitsLun(where, newSizeBytes, action);
        qemuImg(action, where, timeout, List.of("resize", "-q", "-f", format.qemuName(), where.uri(), Long.toString(newSizeBytes)));
        return info(where, format);
    }

    /**
     * Copies a volume into a new one of another format or place, reporting progress in percent. A
     * volume with backing volumes is read through them (the copy is flattened). Onto an iSCSI LUN
     * the LUN must hold the image (see {@link #requireLunHolds}), checked before anything is written;
     * between two LUNs behind different CHAP logins each side logs in with its own ({@link CrossLoginCopy}).
     *
     * @param timeout the deadline for the whole copy, which may be long
     */
    public VolumeInfo convert(VolumeLocation from, VolumeFormat fromFormat, VolumeLocation to, VolumeFormat toFormat,
                              Duration timeout, DoubleConsumer progress) throws StorageException {
        String action = "cannot copy " + from.uri() + " to " + to.uri();
        requireAbsent(to, action);
        if (to.kind() == VolumeLocation.Kind.ISCSI) {
            String uri = to.uri();
            requireLunHolds(from, fromFormat, to, Integer.parseInt(uri.substring(uri.lastIndexOf('/') + 1)), toFormat);
        }
        if (CrossLoginCopy.needed(from, to)) { // LUN to LUN behind two CHAP logins: no login through the environment
            new CrossLoginCopy(runner).convert(action, from, fromFormat, to, toFormat, info(from, fromFormat).virtualSize(), timeout,
                    piece -> progressOf(piece).ifPresent(progress));
            return info(to, toFormat);
        }
        List<String> args = new ArrayList<>(List.of("convert", "-p", "-f", fromFormat.qemuName(), "-O", toFormat.qemuName()));
        if (toFormat == VolumeFormat.RAW && to.kind() != VolumeLocation.Kind.ISCSI) {
            args.addAll(List.of("-S", "0")); // raw volumes are preallocated, as create makes them
        }
        args.addAll(List.of(from.uri(), to.uri()));
        VolumeLocation login = from.chap().isPresent() ? from : to;
        qemuImg(action, login, timeout, args, piece -> progressOf(piece).ifPresent(progress));
        return info(to, toFormat);
    }

    /** The format qemu-img finds in a file the agent itself staged (see {@link StagedImageChecks#probeFormat}). */
    public String probeFormat(Path file) throws StorageException {
        return StagedImageChecks.probeFormat(runner, timeout, file);
    }

    /** {@code qemu-img check} of a staged qcow2 file (see {@link StagedImageChecks#check}). */
    public void check(Path file) throws StorageException {
        StagedImageChecks.check(runner, timeout, file);
    }

    /** The length of a volume's file (read as raw), on any domain. */
    public long fileLength(VolumeLocation where) throws StorageException {
        return info(where, VolumeFormat.RAW).virtualSize();
    }

    /**
     * Copies {@code bytes} bytes of a file verbatim (read and written as raw) into a new file,
     * which may be an {@code nfs://} URL. {@code -U}: the source may be open in a running VM.
     */
    public void copyBytes(VolumeLocation from, VolumeLocation to, long bytes) throws StorageException {
        String action = "cannot copy " + from.uri() + " to " + to.uri();
        requireAbsent(to, action);
        Duration deadline = timeout.plusSeconds(bytes / (20L * 1024 * 1024));
        qemuImg(action, from.chap().isPresent() ? from : to, deadline,
                List.of("convert", "-U", "-f", "raw", "-O", "raw", from.uri(), to.uri()));
    }

    /**
     * Writes what {@code top} holds into its backing volume. {@code -d}: top keeps its data, so a
     * commit cut short leaves top over a backing that holds some of top's clusters twice — the
     * chain still reads the same — and running the commit again finishes it.
     */
    public void commit(VolumeLocation top, Duration timeout, DoubleConsumer progress) throws StorageException {
        qemuImg("cannot merge " + top.uri() + " into its backing volume", top, timeout,
                List.of("commit", "-p", "-d", "-f", "qcow2", top.uri()), piece -> progressOf(piece).ifPresent(progress));
    }

    /**
     * Points {@code child} at another backing volume without copying ({@code -u}): right only when
     * the new backing reads exactly as the old chain did (after a commit of the old backing into it).
     */
    public void rebase(VolumeLocation child, VolumeLocation newBacking, VolumeFormat backingFormat) throws StorageException {
        qemuImg("cannot point " + child.uri() + " at " + newBacking.uri(), child, timeout,
                List.of("rebase", "-u", "-f", "qcow2", "-b", newBacking.uri(), "-F", backingFormat.qemuName(), child.uri()));
    }

    /**
     * Bytes an image takes once written whole in {@code format} onto a LUN: a raw image its length;
     * a qcow2 its virtual size (the guest must be able to write all of it, the rule of {@link #create})
     * or what {@code qemu-img measure} says its copy needs, if more (for a volume with backing
     * volumes, the copy flattened). The image may be a file of this host or a volume on a domain.
     */
    public long neededOnLun(VolumeLocation image, VolumeFormat imageFormat, VolumeFormat format) throws StorageException {
        long virtual = info(image, imageFormat).virtualSize();
        if (format == VolumeFormat.RAW) {
            return virtual;
        }
        String action = "cannot measure " + image.uri();
        ToolRunner.Result r = qemuImg(action, image, timeout, List.of("measure", "--output=json", "-f", imageFormat.qemuName(), "-O", "qcow2",
                image.uri()));
        try {
            long required = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.stdout()).path("required").asLong(0);
            return Math.max(virtual, required);
        } catch (java.io.IOException e) {
            throw new StorageException(Problem.TOOL_FAILED, action + ": qemu-img printed no JSON", e);
        }
    }

    /**
     * Refuses, before anything is written, an image that LUN {@code number} ({@code lun}) cannot
     * hold in {@code format}; the refusal names both sizes. Answers what the image needs.
     */
    public long requireLunHolds(VolumeLocation image, VolumeFormat imageFormat, VolumeLocation lun, int number, VolumeFormat format)
            throws StorageException {
        long lunBytes = lunBytes(lun);
        long needed = neededOnLun(image, imageFormat, format);
        if (needed > lunBytes) {
            throw new StorageException(Problem.INVALID_REQUEST, "LUN %d holds %s (%d bytes); the %s image needs %s (%d bytes)%s".formatted(
                    number, Sizes.human(lunBytes), lunBytes, format.qemuName(), Sizes.human(needed), needed,
                    format == VolumeFormat.QCOW2 ? ": its virtual size, which its guest may fill" : ""));
        }
        return needed;
    }

    /**
     * Copies a whole image between a file of this host and an iSCSI LUN, either way, in its own
     * format ({@code convert -f F -O F}): onto a LUN a qcow2 becomes qcow2-on-the-LUN and a raw
     * image its first bytes (the LUN has no zero-initialisation, so qemu-img writes the image's
     * zeros too); out of a LUN a qcow2 comes back compact and a raw the whole LUN, sparse.
     *
     * @param bytes about how much is copied, for the deadline (20 MiB/s on top of the usual one)
     */
    public void copyWhole(VolumeLocation from, VolumeLocation to, VolumeFormat format, long bytes) throws StorageException {
        String action = "cannot copy " + from.uri() + " to " + to.uri();
        if (to.kind() != VolumeLocation.Kind.ISCSI) {
            requireAbsent(to, action);
        }
        Duration deadline = timeout.plusSeconds(bytes / (20L * 1024 * 1024));
        qemuImg(action, from.chap().isPresent() ? from : to, deadline,
                List.of("convert", "-U", "-f", format.qemuName(), "-O", format.qemuName(), from.uri(), to.uri()));
    }

    /** The size of the LUN an iSCSI volume sits on. */
    public long lunBytes(VolumeLocation lun) throws StorageException {
        if (lun.kind() != VolumeLocation.Kind.ISCSI) {
            throw new IllegalArgumentException(lun.uri() + " is not an iSCSI LUN");
        }
        return info(lun, VolumeFormat.RAW).virtualSize();
    }

    /**
     * Writes zeros over the first {@code bytes} of a volume, read as raw: what a LUN held before
     * (a qcow2 header, a partition table) must not greet the next disk made on it.
     */
    public void zeroStart(VolumeLocation where, long bytes) throws StorageException {
        String action = "cannot clear the start of " + where.uri();
        List<String> command = List.of("qemu-io", "-f", "raw", "-c", "write -z 0 " + bytes, where.uri());
        ToolRunner.Result r;
        try {
            r = runner.run(command, where.environment(), timeout);
        } catch (StorageException e) {
            throw new StorageException(e.problem(), action + ": " + e.getMessage(), e);
        }
        // qemu-io exits 0 when a command inside it failed; its words tell
        if (!r.ok() || r.stdout().contains("failed") || r.stderr().contains("failed")) {
            throw ToolErrors.classify(action, where.redact(r.message()));
        }
    }

    /** The percentage in one piece of {@code qemu-img -p} output, e.g. {@code "    (42.17/100%)"}. */
    static OptionalDouble progressOf(String piece) {
        Matcher m = PROGRESS.matcher(piece);
        return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
    }

    private void requireAbsent(VolumeLocation where, String action) throws StorageException {
        switch (where.kind()) {
            case ISCSI -> { } // a LUN always exists; what it holds is the caller's business
            case PATH -> {
                Path path = Path.of(where.uri());
                if (Files.exists(path)) {
                    throw new StorageException(Problem.ALREADY_EXISTS, action + ": the file exists already");
                }
                if (!Files.isDirectory(path.getParent())) {
                    throw new StorageException(Problem.NOT_FOUND, action + ": there is no directory " + path.getParent());
                }
            }
            case NFS -> {
                try {
                    info(where, VolumeFormat.RAW);
                } catch (StorageException e) {
                    if (e.problem() == Problem.NOT_FOUND) {
                        return;
                    }
                    throw e;
                }
                throw new StorageException(Problem.ALREADY_EXISTS, action + ": the file exists already");
            }
        }
    }

    private void requireFitsLun(VolumeLocation where, long bytes, String action) throws StorageException {
        if (where.kind() != VolumeLocation.Kind.ISCSI) {
            return;
        }
        long lun = lunBytes(where);
        if (roundUp(bytes) > lun) {
            throw new StorageException(Problem.INVALID_REQUEST, action + ": the LUN holds " + Sizes.human(lun)
                    + ", a volume of " + Sizes.human(bytes) + " does not fit");
        }
    }

    private static void requireSameLogin(VolumeLocation a, VolumeLocation b, String action) throws StorageException {
        if (a.chap().isPresent() && b.chap().isPresent() && !a.chap().equals(b.chap())) {
            // libiscsi takes one login from the environment for every connection of the process
            throw new StorageException(Problem.INVALID_REQUEST, action + ": both sides need different CHAP logins, which one qemu-img cannot do");
        }
    }

    private ToolRunner.Result qemuImg(String action, VolumeLocation login, Duration deadline, List<String> args) throws StorageException {
        return qemuImg(action, login, deadline, args, piece -> { });
    }

    private ToolRunner.Result qemuImg(String action, VolumeLocation login, Duration deadline, List<String> args,
                                      Consumer<String> pieces) throws StorageException {
        List<String> command = new ArrayList<>(args.size() + 1);
        command.add("qemu-img");
        command.addAll(args);
        return ToolErrors.runOrThrow(runner, action, command, login.environment(), deadline, pieces, login::redact);
    }

    private static long roundUp(long bytes) {
        return (bytes + 511) / 512 * 512;
    }
}
