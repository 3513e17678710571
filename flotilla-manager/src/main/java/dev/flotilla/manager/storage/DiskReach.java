package dev.flotilla.manager.storage;

import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.scheduling.HostReach;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmReach;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A disk on a local storage domain can be opened on that domain's host only, so a VM with one runs
 * there and cannot migrate; shared domains (NFS, iSCSI, POSIX) are reached by every host of their
 * data center, as in oVirt, and limit nothing.
 */
@Component
class DiskReach implements VmReach {

    private final VmVolumes volumes;
    private final HostRepository hostRepository;

    DiskReach(VmVolumes volumes, HostRepository hostRepository) {
        this.volumes = volumes;
        this.hostRepository = hostRepository;
    }

    @Override
    public Optional<HostReach> reach(Vm vm) {
        Set<UUID> hosts = null;
        List<String> why = new ArrayList<>();
        for (VmVolumes.AttachedVolume v : volumes.of(vm.id())) {
            if (v.domain().type() != StorageType.LOCAL) {
                continue;
            }
            Set<UUID> these = v.domain().hostId() == null ? Set.of() : Set.of(v.domain().hostId());
            if (hosts == null) {
                hosts = new HashSet<>(these);
            } else {
                hosts.retainAll(these);
            }
            String host = v.domain().hostId() == null ? "no host"
                    : hostRepository.find(v.domain().hostId()).map(Host::name).orElse("a host that no longer exists");
            why.add("disk %s is on local storage domain %s, which only %s reaches".formatted(v.disk().name(), v.domain().name(),
                    v.domain().hostId() == null ? host : "host " + host));
        }
        return hosts == null ? Optional.empty() : Optional.of(new HostReach(hosts, String.join("; ", why)));
    }
}
