package dev.flotilla.manager.storage;

import dev.flotilla.manager.vm.StartRequirement;
import dev.flotilla.manager.vm.Vm;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** A VM starts only when each of its disks is OK and on an Active storage domain. */
@Component
class DisksReady implements StartRequirement {

    private final VmVolumes volumes;

    DisksReady(VmVolumes volumes) {
        this.volumes = volumes;
    }

    @Override
    public Optional<String> refusal(Vm vm) {
        List<String> problems = new ArrayList<>();
        for (VmVolumes.AttachedVolume v : volumes.of(vm.id())) {
            if (v.disk().status() != DiskStatus.OK) {
                problems.add("disk %s is %s".formatted(v.disk().name(), v.disk().status()));
            } else if (!v.domain().status().isUsable()) {
                problems.add("disk %s is on storage domain %s, which is %s".formatted(v.disk().name(), v.domain().name(), v.domain().status()));
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }
}
