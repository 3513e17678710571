package dev.flotilla.agent.domainmonitor;

import dev.flotilla.agent.driver.RunState;
import dev.flotilla.agent.driver.VmState;
import dev.flotilla.agent.storage.StorageConnection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Frozen guests on a hung storage server (oVirt shows such VMs "Not Responding"). QEMU's NFS and
 * iSCSI clients hang without an error when the server stops answering, so werror=stop never fires
 * and the VM looks Up while every disk request it makes waits forever. A running VM counts as
 * stalled when a domain one of its disks (or their backing layers) lives on fails this host's
 * checks, and its block statistics stopped moving: no byte read or written since the last
 * measurement, or QEMU did not answer the question. A VM whose I/O still completes on a slow
 * domain is not stalled. A pure function of what the heartbeat already carries.
 */
public final class StorageStalls {

    private StorageStalls() {
    }

    /** Each stalled VM's reason, a sentence for a person. */
    public static Map<UUID, String> stalled(List<VmState> vms, List<DomainHealth> health, Map<String, StorageConnection> domains) {
        Map<String, DomainHealth> failing = health.stream().filter(h -> h.checked() && !h.valid())
                .collect(Collectors.toMap(DomainHealth::domainId, h -> h, (x, y) -> x));
        Map<UUID, String> out = new HashMap<>();
        if (failing.isEmpty()) {
            return out;
        }
        for (VmState vm : vms) {
            if (vm.state() != RunState.RUNNING || moving(vm)) {
                continue;
            }
            for (VmState.DiskInUse disk : vm.volumes()) {
                Optional<String> on = disk.locations().stream().map(l -> domainOf(l, domains)).filter(d -> d != null && failing.containsKey(d))
                        .findFirst();
                if (on.isPresent()) {
                    DomainHealth h = failing.get(on.get());
                    out.put(vm.id(), "disk %s is on %s, which does not answer on this host (%s); no disk I/O of the VM completed since"
                            .formatted(disk.diskId(), domains.get(on.get()).describe(), h.error()));
                    break;
                }
            }
        }
        return out;
    }

    /** The id of the watched domain {@code location} (a volume's URL or path) lives on, or null. */
    public static String domainOf(String location, Map<String, StorageConnection> domains) {
        for (Map.Entry<String, StorageConnection> e : domains.entrySet()) {
            String prefix = prefix(e.getValue());
            if (prefix != null && location.startsWith(prefix)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** Disk rates that moved: some I/O completed in the last measurement. Unknown (QEMU did not answer) is not movement. */
    private static boolean moving(VmState vm) {
        return vm.disks() != null && (vm.disks().readBytesPerSecond() > 0 || vm.disks().writeBytesPerSecond() > 0);
    }

    /** How every volume location of the domain starts: the location of a volume named "x" without that name. */
    private static String prefix(StorageConnection c) {
        String probe;
        if (c instanceof StorageConnection.Nfs n) {
            probe = n.volume("x").uri();
        } else if (c instanceof StorageConnection.Posix p) {
            probe = p.volume("x").uri();
        } else if (c instanceof StorageConnection.Local l) {
            probe = l.volume("x").uri();
        } else if (c instanceof StorageConnection.Iscsi i) {
            return i.lun(0).uri().substring(0, i.lun(0).uri().length() - 1);
        } else {
            return null;
        }
        return probe.substring(0, probe.length() - 1);
    }
}
