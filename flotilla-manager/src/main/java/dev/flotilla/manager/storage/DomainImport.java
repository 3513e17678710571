package dev.flotilla.manager.storage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Import Domain: which of the disks a host found on a file domain this manager registers, each
 * with its whole volume chain, and which it skips and why. A disk is registered whole or not at
 * all: one volume with a problem, a parent that is missing or on another disk (a thin disk over a
 * template's), more than one top volume (a preview or a merge left behind), or an id this manager
 * already has, and none of its volumes is recorded. VMs are not on the domain, so disks come in
 * unattached.
 */
public final class DomainImport {

    private DomainImport() {
    }

    /** One volume as the host read it from the domain (the protocol's FoundVolume). */
    public record FoundVolume(String diskId, String volumeId, String format, long sizeBytes, Long actualBytes, String parent,
                       String description, String problem) {
    }

    /** A host's answer to a listing: {@code volumes} only when {@code answer} is ok. */
    public record Listing(StorageAnswer answer, List<FoundVolume> volumes) {
        public Listing {
            volumes = List.copyOf(volumes);
        }
    }

    /** A disk to register: the disk (its volume the top of the chain) and its volumes, top first. */
    record ImportedDisk(Disk disk, List<Volume> chain) {
    }

    /** A disk left on the domain without being registered, and why. */
    public record Skipped(String diskId, String reason) {
    }

    /** What an import registers and skips, as the API answers it (the counts and each skipped disk). */
    public record Result(int imported, List<UUID> importedDiskIds, List<Skipped> skipped) {
    }

    record Plan(List<ImportedDisk> disks, List<Skipped> skipped) {
        Result result() {
            return new Result(disks.size(), disks.stream().map(d -> d.disk().id()).toList(), skipped);
        }
    }

    /** Only file domains (nfs, posix, local) keep metadata beside their volumes; iSCSI LUNs are bare. */
    static void refuseUnsupported(StorageType type) {
        if (type == StorageType.ISCSI) {
            throw dev.flotilla.manager.api.BadRequestException.field("import",
                    "cannot be used with an iscsi domain: its LUNs carry no metadata to find disks by; only nfs/posix/local file domains are imported");
        }
    }

    /**
     * @param diskName    the registered name of a disk this manager already has, if any
     * @param volumeKnown whether a volume id is recorded already (as another disk's)
     */
    static Plan plan(UUID domainId, List<FoundVolume> found, Function<UUID, Optional<String>> diskName, Predicate<UUID> volumeKnown,
                     Instant now) {
        Map<String, List<FoundVolume>> byDisk = new LinkedHashMap<>();
        found.forEach(v -> byDisk.computeIfAbsent(v.diskId(), k -> new ArrayList<>()).add(v));
        List<ImportedDisk> disks = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        byDisk.forEach((diskId, volumes) -> {
            try {
                disks.add(disk(domainId, diskId, volumes, diskName, volumeKnown, now));
            } catch (IllegalStateException e) {
                skipped.add(new Skipped(diskId, e.getMessage()));
            }
        });
        return new Plan(disks, skipped);
    }

    private static ImportedDisk disk(UUID domainId, String diskText, List<FoundVolume> volumes,
                                     Function<UUID, Optional<String>> diskName, Predicate<UUID> volumeKnown, Instant now) {
        for (FoundVolume v : volumes) {
            require(v.problem().isEmpty(), v.problem());
        }
        UUID diskId = uuid(diskText, "images/" + diskText + " is not named by a disk id");
        diskName.apply(diskId).ifPresent(name -> {
            throw new IllegalStateException("this manager has the disk already (as " + name + "); it is not imported twice");
        });
        Map<UUID, FoundVolume> byId = new HashMap<>();
        Map<UUID, UUID> parentOf = new HashMap<>();
        for (FoundVolume v : volumes) {
            UUID id = uuid(v.volumeId(), "volume " + v.volumeId() + " is not named by an id");
            require(!volumeKnown.test(id), "its volume " + id + " is recorded already for another disk of this manager");
            byId.put(id, v);
            if (!v.parent().isEmpty()) {
                String[] p = v.parent().split("/", 2);
                require(p.length == 2 && p[0].equals(diskText), "volume " + id + " is over " + v.parent()
                        + ", a volume of another disk (a thin disk over a template's): not imported");
                parentOf.put(id, uuid(p[1], "volume " + id + " names a parent that is no volume id: " + v.parent()));
            }
        }
        parentOf.forEach((child, parent) -> require(byId.containsKey(parent),
                "volume " + child + " is over volume " + parent + ", which is missing from the domain"));
        Set<UUID> tops = new HashSet<>(byId.keySet());
        tops.removeAll(parentOf.values());
        require(tops.size() == 1, "its volumes make " + tops.size() + " chains, not one (a preview or an unfinished merge left behind?)");
        UUID top = tops.iterator().next();
        List<Volume> chain = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        for (UUID at = top; at != null; at = parentOf.get(at)) {
            require(seen.add(at), "its volumes' parents make a loop");
            FoundVolume v = byId.get(at);
            DiskFormat format = DiskFormat.parse(v.format()).orElseThrow(() -> new IllegalStateException("volume " + v.volumeId() + " has no format Flotilla uses"));
            chain.add(new Volume(at, diskId, parentOf.get(at), format, null));
        }
        require(chain.size() == byId.size(), "volumes outside its chain are left on it");
        FoundVolume active = byId.get(top);
        FoundVolume base = byId.get(chain.get(chain.size() - 1).id());
        Long actual = volumes.stream().allMatch(v -> v.actualBytes() != null)
                ? volumes.stream().mapToLong(FoundVolume::actualBytes).sum() : null;
        Disk disk = new Disk(diskId, "imported-" + diskText, base.description(), domainId, top, null,
                chain.get(0).format(), active.sizeBytes(), actual, DiskStatus.OK, "", 0, now);
        return new ImportedDisk(disk, chain);
    }

    private static UUID uuid(String text, String otherwise) {
        try {
            UUID id = UUID.fromString(text);
            require(id.toString().equals(text), otherwise);
            return id;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(otherwise);
        }
    }

    private static void require(boolean holds, String otherwise) {
        if (!holds) {
            throw new IllegalStateException(otherwise);
        }
    }
}
