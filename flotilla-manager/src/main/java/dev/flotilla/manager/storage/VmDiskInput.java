package dev.flotilla.manager.storage;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/**
 * Body of {@code POST /vms/{id}/disks}: attach a disk. {@code interface} is {@code virtio-blk}
 * (the default) or {@code virtio-scsi}; a bootable disk comes first in the guest (vda).
 */
public record VmDiskInput(UUID diskId, @JsonProperty("interface") String diskInterface, Boolean bootable, Boolean readOnly) {
}
