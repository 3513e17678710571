package dev.flotilla.manager.storage;

import java.util.UUID;

/**
 * Body of {@code POST /disks}: a new disk of {@code sizeBytes} on a data domain, {@code format}
 * qcow2 (thin, the default) or raw (preallocated). On an iSCSI domain the disk takes a whole LUN:
 * {@code lun} picks one, else the smallest free LUN that holds it.
 */
public record DiskInput(String name, String description, UUID storageDomainId, Long sizeBytes, String format, Integer lun) {
}
