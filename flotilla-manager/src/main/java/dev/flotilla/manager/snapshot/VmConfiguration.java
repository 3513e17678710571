package dev.flotilla.manager.snapshot;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.flotilla.manager.vm.Vm;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A VM's configuration as a snapshot keeps it (oVirt's OVF): stored as a JSON document with the
 * snapshot and shown by the API as the snapshot's {@code configuration}. The VM's name and cluster
 * are not part of it: they are the VM's identity, which going back to a snapshot does not change.
 * VMs have no NICs yet; when they get them, they join this document.
 *
 * @param complete    false for a snapshot taken before whole configurations were kept: then only
 *                    CPUs, memory and boot are known, and the other fields are null
 * @param disks       the attached disks in the order the guest sees them (bootable first)
 * @param cdrom       the ISO in the CD-ROM drive; null when the drive was empty
 * @param pinnedHosts the hosts the VM was pinned to; empty when it could run anywhere in its cluster
 */
public record VmConfiguration(boolean complete, int cpus, long memoryMiB, Vm.Boot boot, String description, Boolean highlyAvailable,
                              Integer haPriority, List<DiskAt> disks, CdromAt cdrom, List<HostAt> pinnedHosts) {

    public VmConfiguration {
        if (complete) {
            // a document missing a list (written by another version) reads as an empty one, never as null
            disks = disks == null ? List.of() : disks;
            pinnedHosts = pinnedHosts == null ? List.of() : pinnedHosts;
            description = description == null ? "" : description;
            boot = boot == null ? Vm.Boot.NONE : boot;
            highlyAvailable = highlyAvailable != null && highlyAvailable;
            haPriority = haPriority == null ? 1 : haPriority;
        }
    }

    /** What a snapshot taken before whole configurations were kept knows (the V38 columns). */
    static VmConfiguration partial(int cpus, long memoryMiB, Vm.Boot boot) {
        return new VmConfiguration(false, cpus, memoryMiB, boot, null, null, null, null, null, null);
    }

    /**
     * One attached disk and how the guest saw it.
     *
     * @param slot       where its device sat in the VM's QEMU (null when the VM had not started since it was attached);
     *                   a start numbers slots by the disks' order, which {@code attachedAt} keeps
     * @param attachedAt when it was attached: with {@code bootable} it gives the order the guest sees the disks in
     */
    public record DiskAt(UUID diskId, String diskName, @JsonProperty("interface") String diskInterface, boolean bootable, boolean readOnly,
                         Integer slot, Instant attachedAt) {
    }

    /** The ISO that was in the CD-ROM drive, and whether the VM booted from it. */
    public record CdromAt(UUID isoId, String isoName, boolean boot) {
    }

    /** A host the VM was pinned to. */
    public record HostAt(UUID hostId, String hostName) {
    }
}
