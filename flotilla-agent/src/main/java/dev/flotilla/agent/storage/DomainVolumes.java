package dev.flotilla.agent.storage;

import dev.flotilla.agent.storage.StorageException.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Reads back what a file domain holds: each {@code images/<disk>/<volume>.meta} (as {@link
 * VolumeStore} writes it) with its image checked by {@code qemu-img info}, so a manager that never
 * knew the domain can register its disks. Reads only. Whatever cannot be used as it is (a stray
 * image without metadata, a metadata file naming another disk, a merge left half-done, an image
 * qemu-img cannot open) is answered with its problem rather than left out, so the manager names
 * it instead of silently importing less.
 *
 * <p>Posix and local domains are read with plain file operations under their path. NFS domains
 * are not listed yet: the Java NFS client has no READDIR/READ (it only ever wrote), and iSCSI
 * LUNs carry no metadata at all.
 */
public final class DomainVolumes {

    /** One volume (or one stray file or empty disk directory) of the domain; see the protocol's FoundVolume. */
    public record Found(String diskId, String volumeId, String format, long sizeBytes, OptionalLong actualBytes,
                        String parent, String description, String problem) {
        public Found {
            Objects.requireNonNull(diskId, "diskId");
        }

        static Found broken(String diskId, String volumeId, String problem) {
            return new Found(diskId, volumeId, "", 0, OptionalLong.empty(), "", "", problem);
        }
    }

    private final VolumeTool tool;

    public DomainVolumes(VolumeTool tool) {
        this.tool = Objects.requireNonNull(tool, "tool");
    }

    public List<Found> list(StorageConnection domain) throws StorageException {
        Path root;
        if (domain instanceof StorageConnection.Posix p) {
            root = p.path();
        } else if (domain instanceof StorageConnection.Local l) {
            root = l.path();
        } else if (domain instanceof StorageConnection.Nfs) {
            throw new StorageException(Problem.INVALID_REQUEST, "the volumes of NFS domain " + domain.describe()
                    + " cannot be listed yet (the agent's NFS client reads no directories); import posix or local domains");
        } else {
            throw new StorageException(Problem.INVALID_REQUEST, domain.describe() + " holds LUNs without metadata: iSCSI domains cannot be imported");
        }
        Path images = root.resolve("images");
        if (!Files.isDirectory(images)) {
            return List.of();   // a domain that never held a disk
        }
        List<Found> found = new ArrayList<>();
        for (Path dir : entries(images)) {
            if (Files.isDirectory(dir)) {
                found.addAll(disk(domain, dir));
            }
        }
        return found;
    }

    private List<Found> disk(StorageConnection domain, Path dir) throws StorageException {
        String diskName = dir.getFileName().toString();
        UUID diskId = uuid(diskName);
        if (diskId == null) {
            return List.of(Found.broken(diskName, "", "images/" + diskName + " is not named by a disk id"));
        }
        List<Found> found = new ArrayList<>();
        Map<String, Path> images = new HashMap<>();
        List<Path> metas = new ArrayList<>();
        for (Path f : entries(dir)) {
            String name = f.getFileName().toString();
            if (name.endsWith(".meta")) {
                metas.add(f);
            } else if (name.endsWith(".qcow2") || name.endsWith(".raw")) {
                images.put(name.substring(0, name.lastIndexOf('.')), f);
            }
        }
        for (Path meta : metas) {
            String volumeName = meta.getFileName().toString().replaceFirst("\\.meta$", "");
            images.remove(volumeName);
            found.add(volume(domain, diskId, volumeName, meta));
        }
        // an image with no metadata beside it: a create that died half-way, or a copy of a foreign file
        images.forEach((volume, file) -> found.add(Found.broken(diskName, volume, file.getFileName() + " has no .meta file")));
        if (found.isEmpty()) {
            found.add(Found.broken(diskName, "", "images/" + diskName + " holds no volume"));
        }
        return found;
    }

    private Found volume(StorageConnection domain, UUID diskId, String volumeName, Path metaFile) {
        String disk = diskId.toString();
        Map<String, String> meta;
        try {
            meta = parse(Files.readString(metaFile, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Found.broken(disk, volumeName, "cannot read " + metaFile.getFileName() + ": " + e.getMessage());
        }
        UUID volumeId = uuid(volumeName);
        if (volumeId == null || !volumeName.equals(meta.get("VOLUME")) || !disk.equals(meta.get("DISK"))) {
            return Found.broken(disk, volumeName, metaFile.getFileName() + " does not name this disk and volume (DISK="
                    + meta.getOrDefault("DISK", "") + ", VOLUME=" + meta.getOrDefault("VOLUME", "") + ")");
        }
        VolumeFormat format = VolumeFormat.ofQemuName(meta.getOrDefault("FORMAT", ""));
        if (format == null) {
            return Found.broken(disk, volumeName, metaFile.getFileName() + " names no format Flotilla uses: " + meta.getOrDefault("FORMAT", ""));
        }
        String state = meta.getOrDefault("STATE", "");
        if (!state.isEmpty()) {
            return Found.broken(disk, volumeName, "volume " + volumeName + " is " + state + " (a merge was left unfinished)");
        }
        VolumeRef ref = new VolumeRef(diskId, volumeId, format, 0);
        VolumeInfo info;
        try {
            info = tool.info(ref.location(domain), format);
        } catch (StorageException e) {
            return Found.broken(disk, volumeName, "qemu-img info fails on " + ref.imagePath() + ": " + e.getMessage());
        }
        String parent = meta.getOrDefault("PARENT", "");
        String backing = backingProblem(domain, parent, info);
        if (!backing.isEmpty()) {
            return Found.broken(disk, volumeName, backing);
        }
        return new Found(disk, volumeName, format.qemuName(), info.virtualSize(), info.actualSize(),
                parent, meta.getOrDefault("DESCRIPTION", ""), "");
    }

    /**
     * An overlay names its backing by full path (see {@link VolumeTool#createOverlay}): in a domain
     * copied or mounted elsewhere it still points at the old place, and registering it would read
     * (and a merge write) another domain's volume. Such a volume is named, not imported.
     */
    private static String backingProblem(StorageConnection domain, String parent, VolumeInfo info) {
        if (parent.isEmpty()) {
            return info.backingFile().map(b -> "its image has the backing file " + b + " that its .meta does not name").orElse("");
        }
        String[] p = parent.split("/", 2);
        UUID parentDisk = p.length == 2 ? uuid(p[0]) : null;
        UUID parentVolume = p.length == 2 ? uuid(p[1]) : null;
        if (parentDisk == null || parentVolume == null) {
            return "its .meta names a parent that is no <disk>/<volume>: " + parent;
        }
        List<String> expected = List.of(VolumeFormat.QCOW2, VolumeFormat.RAW).stream()
                .map(f -> new VolumeRef(parentDisk, parentVolume, f, 0).location(domain).uri()).toList();
        String backing = info.backingFile().orElse("");
        return expected.contains(backing) ? ""
                : "its image backs onto " + (backing.isEmpty() ? "nothing" : backing) + ", not onto " + expected.get(0)
                        + " of this domain (a domain copied or mounted at another path keeps its overlays' old backing paths)";
    }

    /** The {@code KEY=value} lines of a .meta file; comments and other lines are skipped. */
    static Map<String, String> parse(String text) {
        Map<String, String> values = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return values;
    }

    private static List<Path> entries(Path dir) throws StorageException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new StorageException(Problem.ACCESS_DENIED, "cannot read the directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static UUID uuid(String text) {
        try {
            UUID id = UUID.fromString(text);
            return id.toString().equals(text) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
