package dev.flotilla.manager.migration;

import dev.flotilla.manager.datacenter.ResiliencePolicy;
import dev.flotilla.manager.vm.VmStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Which VMs of a NonOperational host leave it, as oVirt's cluster resilience policy decides, and
 * why each of the others stays. A pure function: {@link NonOperationalEvacuation} applies it.
 * <ul>
 * <li>The policy first: {@code do_not_migrate} keeps every VM, {@code migrate_highly_available}
 *     only the highly available ones leave.</li>
 * <li>Only an Up VM moves. A VM paused on a storage I/O error stays paused where it is (as oVirt,
 *     which refuses to migrate a VM paused on EIO): the switch-over would flush its failed writes
 *     against storage this host cannot reach; the domain monitor resumes it once the host reads the
 *     storage again.</li>
 * <li>A VM with a disk on a domain this host cannot read stays too. QEMU's NFS (and iSCSI) client
 *     hangs without an error when the server is cut off, and a live migration's switch-over stops
 *     the VM by draining and flushing every disk: the source QEMU would block there (with its QMP
 *     monitor) and the migration would never end. Such a VM is left to the storage coming back (the
 *     agent reports it stalled meanwhile) or to the admin.</li>
 * </ul>
 */
final class ResilienceSelection {

    /** How the agent's reason for an I/O-error pause starts (the domain monitor's IoErrorResumes reads it too). */
    static final String IO_ERROR_REASON = "storage I/O error";

    /** One disk of a VM and the domain it lives on. */
    record DiskPlace(String disk, UUID domainId, String domainName) {
    }

    /** A VM on the host, with what the decision needs. */
    record Candidate(UUID vmId, String name, VmStatus status, String statusReason, boolean highlyAvailable, List<DiskPlace> disks) {
    }

    /** Move the VM away ({@code move}) or leave it, with the reason for a person either way. */
    record Decision(Candidate vm, boolean move, String reason) {
    }

    private ResilienceSelection() {
    }

    /**
     * @param unreadable the domains the host reports failing to read
     * @return one decision per VM, except VMs already migrating (their move is under way)
     */
    static List<Decision> select(ResiliencePolicy policy, String hostName, Set<UUID> unreadable, List<Candidate> vms) {
        List<Decision> out = new ArrayList<>();
        for (Candidate vm : vms) {
            if (vm.status() == VmStatus.MigratingFrom) {
                continue;
            }
            out.add(decide(policy, hostName, unreadable, vm));
        }
        return out;
    }

    private static Decision decide(ResiliencePolicy policy, String hostName, Set<UUID> unreadable, Candidate vm) {
        if (policy == ResiliencePolicy.DO_NOT_MIGRATE) {
            return stay(vm, "the cluster's resilience policy is do_not_migrate");
        }
        if (policy == ResiliencePolicy.MIGRATE_HIGHLY_AVAILABLE && !vm.highlyAvailable()) {
            return stay(vm, "it is not highly available and the cluster's resilience policy migrates only highly available VMs");
        }
        if (vm.status() == VmStatus.Paused && vm.statusReason() != null && vm.statusReason().startsWith(IO_ERROR_REASON)) {
            return stay(vm, "it is paused on a " + vm.statusReason() + "; a VM paused on an I/O error is not migrated, it is resumed"
                    + " where it is once host " + hostName + " reads its storage again");
        }
        if (vm.status() != VmStatus.Up) {
            return stay(vm, "it is %s; only an Up VM can be migrated".formatted(vm.status()));
        }
        for (DiskPlace d : vm.disks()) {
            if (unreadable.contains(d.domainId())) {
                return stay(vm, ("its disk %s is on storage domain %s, which host %s cannot read: a live migration would hang at"
                        + " the switch-over, where QEMU flushes the disk").formatted(d.disk(), d.domainName(), hostName));
            }
        }
        return new Decision(vm, true, "host %s is NonOperational and the cluster's resilience policy is %s"
                .formatted(hostName, policy.wire()));
    }

    private static Decision stay(Candidate vm, String reason) {
        return new Decision(vm, false, reason);
    }
}
