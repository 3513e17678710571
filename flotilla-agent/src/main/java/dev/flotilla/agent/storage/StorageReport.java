package dev.flotilla.agent.storage;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a successful {@link StorageProbe} found.
 *
 * @param totalBytes the file system's size (nfs, posix, local) or the sum of the target's LUNs
 *                   (iscsi), when the storage tells
 * @param freeBytes  free space for new volumes, when the storage tells (not for iSCSI, whose LUNs
 *                   are whole disks: which are free is the manager's bookkeeping)
 * @param luns       the target's disk LUNs (iscsi only; empty when they could not be listed)
 * @param summary    one line for a person, e.g. {@code nfs 10.0.0.5:/export: 230 GiB free of 252 GiB}
 */
public record StorageReport(StorageConnection connection, OptionalLong totalBytes, OptionalLong freeBytes,
                            List<Lun> luns, String summary) {

    /** One disk LUN of an iSCSI target. */
    public record Lun(int number, long sizeBytes) {}

    public StorageReport {
        Objects.requireNonNull(connection, "connection");
        luns = List.copyOf(luns);
    }
}
