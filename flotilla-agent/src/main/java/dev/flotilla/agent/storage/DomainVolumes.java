package dev.flotilla.agent.storage;

import dev.flotilla.agent.storage.StorageException.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Reads back what a file domain holds: each {@code images/<disk>/<volume>.meta} (as {@link
 * VolumeStore} writes it) with its image checked by {@code qemu-img info}, so a manager that never
 * knew the domain can register its disks. Reads only. Whatever cannot be used as it is (a stray
 * image without metadata, a metadata file naming another disk, a merge left half-done, an image
 * qemu-img cannot open) is answered with its problem rather than left out, so the manager names
 * it instead of silently importing less.
 *
 * <p>The files are read through {@link DomainFiles}: plain file operations under the path of a
 * posix or local domain, the agent's own NFSv3 client (READDIRPLUS, READ; no kernel mount) on an
 * NFS export, whose images qemu-img then opens by their {@code nfs://} URLs. iSCSI LUNs carry no
 * metadata at all.
 */
public final class DomainVolumes {

    /** A .meta file is a few lines; anything larger is not one. */
    private static final int MAX_META_BYTES = 64 * 1024;

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
    private final Duration connectTimeout;
    private final Duration callTimeout;

    public DomainVolumes(VolumeTool tool, Duration connectTimeout, Duration callTimeout) {
        this.tool = Objects.requireNonNull(tool, "tool");
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
    }

    public DomainVolumes(VolumeTool tool) {
        this(tool, StorageProbe.DEFAULT_CONNECT_TIMEOUT, StorageProbe.DEFAULT_TOOL_TIMEOUT);
    }

    public List<Found> list(StorageConnection domain) throws StorageException {
        if (domain instanceof StorageConnection.Iscsi) {
            throw new StorageException(Problem.INVALID_REQUEST, domain.describe() + " holds LUNs without metadata: iSCSI domains cannot be imported");
        }
        try (DomainFiles files = DomainFiles.of(domain, connectTimeout, callTimeout)) {
            List<Found> found = new ArrayList<>();
            // no images directory: a domain that never held a disk
            for (DomainFiles.Entry dir : files.list("images")) {
                if (dir.directory()) {
                    found.addAll(disk(domain, files, dir.name()));
                }
            }
            return found;
        }
    }

    private List<Found> disk(StorageConnection domain, DomainFiles files, String diskName) throws StorageException {
        UUID diskId = uuid(diskName);
        if (diskId == null) {
            return List.of(Found.broken(diskName, "", "images/" + diskName + " is not named by a disk id"));
        }
        String dir = "images/" + diskName;
        List<Found> found = new ArrayList<>();
        Map<String, String> images = new TreeMap<>();
        List<String> metas = new ArrayList<>();
        for (DomainFiles.Entry f : files.list(dir)) {
            String name = f.name();
            if (name.endsWith(".meta")) {
                metas.add(name);
            } else if (name.endsWith(".qcow2") || name.endsWith(".raw")) {
                images.put(name.substring(0, name.lastIndexOf('.')), name);
            }
        }
        for (String meta : metas) {
            String volumeName = meta.replaceFirst("\\.meta$", "");
            images.remove(volumeName);
            found.add(volume(domain, files, diskId, volumeName, dir + "/" + meta));
        }
        // an image with no metadata beside it: a create that died half-way, or a copy of a foreign file
        images.forEach((volume, file) -> found.add(Found.broken(diskName, volume, file + " has no .meta file")));
        if (found.isEmpty()) {
            found.add(Found.broken(diskName, "", "images/" + diskName + " holds no volume"));
        }
        return found;
    }

    private Found volume(StorageConnection domain, DomainFiles files, UUID diskId, String volumeName, String metaPath) {
        String disk = diskId.toString();
        String metaName = metaPath.substring(metaPath.lastIndexOf('/') + 1);
        Map<String, String> meta;
        try {
            meta = parse(new String(files.read(metaPath, MAX_META_BYTES), StandardCharsets.UTF_8));
        } catch (StorageException | RuntimeException e) {
            return Found.broken(disk, volumeName, "cannot read " + metaName + ": " + e.getMessage());
        }
        UUID volumeId = uuid(volumeName);
        if (volumeId == null || !volumeName.equals(meta.get("VOLUME")) || !disk.equals(meta.get("DISK"))) {
            return Found.broken(disk, volumeName, metaName + " does not name this disk and volume (DISK="
                    + meta.getOrDefault("DISK", "") + ", VOLUME=" + meta.getOrDefault("VOLUME", "") + ")");
        }
        VolumeFormat format = VolumeFormat.ofQemuName(meta.getOrDefault("FORMAT", ""));
        if (format == null) {
            return Found.broken(disk, volumeName, metaName + " names no format Flotilla uses: " + meta.getOrDefault("FORMAT", ""));
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
     * An overlay names its backing by full path, on NFS by its full {@code nfs://server/export/…} URL
     * (see {@link VolumeTool#createOverlay}): in a domain copied, mounted or exported elsewhere it
     * still points at the old place, and registering it would read
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

    private static UUID uuid(String text) {
        try {
            UUID id = UUID.fromString(text);
            return id.toString().equals(text) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
