package dev.flotilla.agent.driver;

import java.util.Collection;
import java.util.Optional;

/**
 * The rule that keeps two guests from writing one image: QEMU's nfs and iscsi drivers take no
 * image locks, so two processes can open the same volume read-write and corrupt it without a
 * word. A disk may be opened by several VMs only if none of them writes it; a reader beside a
 * writer would see qcow2 metadata change under it, so that is refused too.
 */
public final class DiskUse {

    private DiskUse() {}

    /**
     * Why {@code vm} must not start next to the VMs that run, or empty when it may.
     *
     * @param running the definitions of the VMs of this host that have a process
     */
    public static Optional<String> conflict(VmDefinition vm, Collection<VmDefinition> running) {
        for (VmDefinition.Disk disk : vm.disks()) {
            for (VmDefinition other : running) {
                if (other.id().equals(vm.id())) {
                    continue;
                }
                for (VmDefinition.Disk theirs : other.disks()) {
                    if (theirs.location().equals(disk.location()) && !(disk.readOnly() && theirs.readOnly())) {
                        return Optional.of("disk %s (%s) is already open %s by VM %s on this host; a volume written by one VM cannot be opened by another"
                                .formatted(disk.id(), disk.location(), theirs.readOnly() ? "read-only" : "read-write", other.name()));
                    }
                }
            }
        }
        return Optional.empty();
    }
}
