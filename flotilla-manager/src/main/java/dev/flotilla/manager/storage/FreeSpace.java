package dev.flotilla.manager.storage;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a new disk fits its domain, decided before any host is asked. A raw disk takes its
 * whole size at once; a qcow2 disk starts with its metadata (about 1/8192 of its size, at least
 * 1 MiB) and grows as the guest writes. Raw disks still being made count against the reported
 * free space, so two at once cannot both take the last of it. On an iSCSI domain a disk is a
 * whole LUN: the smallest free LUN that holds it. Pure functions; the refusal carries the figures.
 */
final class FreeSpace {

    static final long QCOW2_MINIMUM = Bytes.MIB;

    private FreeSpace() {
    }

    /** Why the disk does not fit, with each figure as a detail line. */
    record Refusal(String message, List<String> details) {
    }

    /** Bytes a new disk takes on its domain the moment it is made. */
    static long neededNow(DiskFormat format, long sizeBytes) {
        return format == DiskFormat.RAW ? sizeBytes : Math.max(QCOW2_MINIMUM, (sizeBytes + 8191) / 8192);
    }

    /**
     * @param freeBytes    the domain's free space as a host last reported it; null when unknown (then nothing is refused)
     * @param pendingBytes raw disks being made on it, not yet in {@code freeBytes}
     */
    static Optional<Refusal> check(String domain, DiskFormat format, long sizeBytes, Long freeBytes, long pendingBytes) {
        if (freeBytes == null) {
            return Optional.empty();
        }
        long needed = neededNow(format, sizeBytes);
        long available = Math.max(0, freeBytes - pendingBytes);
        if (needed <= available) {
            return Optional.empty();
        }
        String what = format == DiskFormat.RAW ? "a raw (preallocated) disk of %s needs %s".formatted(Bytes.human(sizeBytes), Bytes.human(needed))
                : "a qcow2 disk of %s needs %s for its metadata".formatted(Bytes.human(sizeBytes), Bytes.human(needed));
        return Optional.of(new Refusal("storage domain %s has %s free; %s".formatted(domain, Bytes.human(available), what),
                List.of("free: " + freeBytes + " bytes", "being made on it: " + pendingBytes + " bytes", "needed: " + needed + " bytes")));
    }

    /**
     * The LUN for a new disk on an iSCSI domain: {@code wanted} if it is free and large enough,
     * else the smallest free LUN that holds {@code sizeBytes}.
     */
    static Lun pickLun(String domain, List<StorageAnswer.Lun> luns, Set<Integer> used, long sizeBytes, Integer wanted) {
        List<StorageAnswer.Lun> free = luns.stream().filter(l -> !used.contains(l.number())).toList();
        if (wanted != null) {
            StorageAnswer.Lun lun = luns.stream().filter(l -> l.number() == wanted).findFirst().orElse(null);
            if (lun == null) {
                return Lun.refused(new Refusal("storage domain %s has no LUN %d (LUNs: %s)".formatted(domain, wanted, describe(luns)), List.of()));
            }
            if (used.contains(wanted)) {
                return Lun.refused(new Refusal("LUN %d of storage domain %s is already a disk".formatted(wanted, domain), List.of()));
            }
            if (lun.sizeBytes() < sizeBytes) {
                return Lun.refused(new Refusal("LUN %d of storage domain %s holds %s; a disk of %s does not fit"
                        .formatted(wanted, domain, Bytes.human(lun.sizeBytes()), Bytes.human(sizeBytes)), List.of()));
            }
            return Lun.of(lun);
        }
        return free.stream().filter(l -> l.sizeBytes() >= sizeBytes).min(Comparator.comparingLong(StorageAnswer.Lun::sizeBytes))
                .map(Lun::of)
                .orElseGet(() -> Lun.refused(new Refusal("storage domain %s has no free LUN of %s or more (free LUNs: %s)"
                        .formatted(domain, Bytes.human(sizeBytes), free.isEmpty() ? "none" : describe(free)),
                        free.stream().map(l -> "LUN " + l.number() + ": " + l.sizeBytes() + " bytes").toList())));
    }

    /** The free space of an iSCSI domain: the LUNs no disk uses. */
    static long freeLunBytes(List<StorageAnswer.Lun> luns, Set<Integer> used) {
        return luns.stream().filter(l -> !used.contains(l.number())).mapToLong(StorageAnswer.Lun::sizeBytes).sum();
    }

    /** A chosen LUN or why there is none. */
    record Lun(StorageAnswer.Lun lun, Refusal refusal) {
        static Lun of(StorageAnswer.Lun lun) {
            return new Lun(lun, null);
        }

        static Lun refused(Refusal refusal) {
            return new Lun(null, refusal);
        }
    }

    private static String describe(List<StorageAnswer.Lun> luns) {
        return luns.isEmpty() ? "none" : String.join(", ", luns.stream().map(l -> l.number() + " (" + Bytes.human(l.sizeBytes()) + ")").toList());
    }
}
