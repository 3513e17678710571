package dev.flotilla.manager.vm;

import java.time.Instant;
import java.util.UUID;

/** A VM as stored: its configuration and where and how it runs. */
public record Vm(UUID id, UUID clusterId, UUID hostId, String name, String description, VmStatus status,
                 String statusReason, Instant statusChangedAt, int cpus, long memoryMiB, boolean highlyAvailable,
                 Boot boot, long version, Instant createdAt) {

    /** Direct kernel boot: paths on the host. Disks and ISOs come with storage domains. */
    public record Boot(String kernel, String initrd, String cmdline) {
        public static final Boot NONE = new Boot("", "", "");
    }
}
