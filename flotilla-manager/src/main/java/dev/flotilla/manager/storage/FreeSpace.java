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
     * Bytes a disk takes on a LUN once the guest has written all of it: a raw disk its size; a
     * qcow2 disk its size rounded up to clusters plus all the metadata a fully allocated image
     * carries (header, L1 and L2 tables, refcount table and blocks). This is what {@code qemu-img
     * measure -O qcow2} calls "fully allocated size", computed here the way QEMU does
     * ({@code qcow2_calc_prealloc_size}, 64 KiB clusters, 16-bit refcounts: the agent's defaults)
     * rather than asked of a host: the answer is exact, needs no round trip before a 409, and is the
     * right figure — a LUN that only held the data written so far would fail the guest later. Its
     * "required size" would be smaller for a sparse source, and wrong for the same reason.
     */
    static long onLun(DiskFormat format, long sizeBytes) {
        if (format == DiskFormat.RAW) {
            return sizeBytes;
        }
        long cluster = QCOW2_CLUSTER;
        long data = ceil(sizeBytes, cluster) * cluster;
        long meta = cluster; // the header
        long l2Entries = ceil(data / cluster, cluster / 8) * (cluster / 8);
        meta += l2Entries * 8;
        long l1Entries = ceil(l2Entries * 8 / cluster, cluster / 8) * (cluster / 8);
        meta += l1Entries * 8;
        return data + meta + refcountBytes((meta + data) / cluster, cluster);
    }

    static final long QCOW2_CLUSTER = 64 * 1024;

    /** QEMU's fixed point: refcount blocks and table clusters for {@code clusters}, themselves counted too. */
    private static long refcountBytes(long clusters, long cluster) {
        long perBlock = cluster * 8 / 16;
        long perTable = cluster / 8;
        long blocks = 0;
        long table = 0;
        long n = 0;
        long last;
        do {
            last = n;
            blocks = ceil(clusters + table + blocks, perBlock);
            table = ceil(blocks, perTable);
            n = clusters + blocks + table;
        } while (n != last);
        return (blocks + table) * cluster;
    }

    private static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }

    /**
     * The LUN for a new disk on an iSCSI domain: {@code wanted} if it is free and large enough,
     * else the smallest free LUN that holds {@code sizeBytes} (what the disk takes on a LUN, see
     * {@link #onLun}). A refusal names the bytes needed and the largest free LUN.
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
                return Lun.refused(new Refusal("LUN %d of storage domain %s holds %s; the disk needs %s (%d bytes) on it"
                        .formatted(wanted, domain, Bytes.human(lun.sizeBytes()), Bytes.human(sizeBytes), sizeBytes),
                        List.of("needed: " + sizeBytes + " bytes", "LUN " + wanted + ": " + lun.sizeBytes() + " bytes")));
            }
            return Lun.of(lun);
        }
        return free.stream().filter(l -> l.sizeBytes() >= sizeBytes).min(Comparator.comparingLong(StorageAnswer.Lun::sizeBytes))
                .map(Lun::of)
                .orElseGet(() -> Lun.refused(refusal(domain, free, sizeBytes)));
    }

    private static Refusal refusal(String domain, List<StorageAnswer.Lun> free, long sizeBytes) {
        long largest = free.stream().mapToLong(StorageAnswer.Lun::sizeBytes).max().orElse(0);
        List<String> details = new java.util.ArrayList<>(List.of("needed: " + sizeBytes + " bytes",
                "largest free LUN: " + (free.isEmpty() ? "none" : largest + " bytes")));
        free.forEach(l -> details.add("LUN " + l.number() + ": " + l.sizeBytes() + " bytes"));
        return new Refusal("storage domain %s has no free LUN of %s or more: %d bytes are needed, the largest free LUN holds %s (free LUNs: %s)"
                .formatted(domain, Bytes.human(sizeBytes), sizeBytes, free.isEmpty() ? "nothing" : largest + " bytes",
                        free.isEmpty() ? "none" : describe(free)), details);
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
