package dev.flotilla.manager.storage;

import dev.flotilla.manager.scheduling.HostReach;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmReach;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A disk on a local storage domain can be opened on that domain's host only, so a VM with one runs
 * there and cannot migrate; shared domains (NFS, iSCSI, POSIX) are reached by every host of their
 * data center, as in oVirt, and limit nothing. One query answers for any number of VMs: the
 * balancing loop asks for every Up VM of a cluster each round.
 */
@Component
class DiskReach implements VmReach {

    private final JdbcClient jdbc;

    DiskReach(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One disk of a VM on a local domain, and that domain's host (null when it has none). */
    private record LocalDisk(UUID vmId, String disk, String domain, UUID hostId, String hostName) {
    }

    @Override
    public Optional<HostReach> reach(Vm vm) {
        return Optional.ofNullable(reach(List.of(vm)).get(vm.id()));
    }

    @Override
    public Map<UUID, HostReach> reach(Collection<Vm> vms) {
        if (vms.isEmpty()) {
            return Map.of();
        }
        Map<UUID, List<LocalDisk>> byVm = new HashMap<>();
        jdbc.sql("""
                select vd.vm_id, k.name as disk, sd.name as domain, sd.host_id, h.name as host
                from vm_disk vd join disk k on k.id = vd.disk_id join storage_domain sd on sd.id = k.storage_domain_id
                     left join host h on h.id = sd.host_id
                where sd.type = 'LOCAL' and vd.vm_id in (:ids)
                order by k.name""")
                .param("ids", vms.stream().map(Vm::id).toList())
                .query((rs, row) -> new LocalDisk(rs.getObject("vm_id", UUID.class), rs.getString("disk"), rs.getString("domain"),
                        rs.getObject("host_id", UUID.class), rs.getString("host")))
                .list()
                .forEach(d -> byVm.computeIfAbsent(d.vmId(), id -> new ArrayList<>()).add(d));
        Map<UUID, HostReach> reach = new HashMap<>();
        byVm.forEach((vm, disks) -> reach.put(vm, reachOf(disks)));
        return reach;
    }

    /** The hosts that reach all of these disks (their domains' hosts in common), and why. */
    private static HostReach reachOf(List<LocalDisk> disks) {
        Set<UUID> hosts = null;
        List<String> why = new ArrayList<>();
        for (LocalDisk d : disks) {
            Set<UUID> these = d.hostId() == null ? Set.of() : Set.of(d.hostId());
            if (hosts == null) {
                hosts = new HashSet<>(these);
            } else {
                hosts.retainAll(these);
            }
            String host = d.hostId() == null ? "no host" : "host " + (d.hostName() == null ? "that no longer exists" : d.hostName());
            why.add("disk %s is on local storage domain %s, which only %s reaches".formatted(d.disk(), d.domain(), host));
        }
        return new HostReach(hosts, String.join("; ", why));
    }
}
