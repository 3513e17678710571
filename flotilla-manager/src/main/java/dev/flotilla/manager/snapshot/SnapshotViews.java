package dev.flotilla.manager.snapshot;

import dev.flotilla.manager.storage.VmVolumes;
import dev.flotilla.manager.storage.VolumeRepository;
import dev.flotilla.manager.vm.VmRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Snapshots and chains as the API and the console show them. */
@Component
public class SnapshotViews {

    private final SnapshotRepository snapshots;
    private final VolumeRepository volumes;
    private final VmVolumes vmVolumes;
    private final VmRepository vms;
    private final SnapshotConfigs configs;

    SnapshotViews(SnapshotRepository snapshots, VolumeRepository volumes, VmVolumes vmVolumes, VmRepository vms, SnapshotConfigs configs) {
        this.configs = configs;
        this.snapshots = snapshots;
        this.volumes = volumes;
        this.vmVolumes = vmVolumes;
        this.vms = vms;
    }

    public SnapshotChain chain(UUID vmId) {
        vms.get(vmId);
        List<SnapshotResponse> items = snapshots.ofVm(vmId).stream().map(this::of).toList();
        List<SnapshotChain.DiskChain> disks = new ArrayList<>();
        for (VmVolumes.AttachedVolume d : vmVolumes.of(vmId)) {
            disks.add(new SnapshotChain.DiskChain(d.disk().id(), d.disk().name(), d.disk().volumeId(), volumes.chain(d.disk().id()).stream()
                    .map(v -> new SnapshotChain.Layer(v.id(), v.parentId(), v.format().label(), v.snapshotId())).toList()));
        }
        UUID previewing = items.stream().filter(s -> s.status().equals(SnapshotStatus.InPreview.name())).map(SnapshotResponse::id)
                .findFirst().orElse(null);
        return new SnapshotChain(items, items.size(), disks, previewing);
    }

    public SnapshotResponse get(UUID vmId, UUID snapshotId) {
        return of(snapshots.get(vmId, snapshotId));
    }

    SnapshotResponse of(Snapshot s) {
        List<SnapshotResponse.DiskVolume> held = new ArrayList<>();
        for (VmVolumes.AttachedVolume d : vmVolumes.of(s.vmId())) {
            volumes.ofSnapshot(d.disk().id(), s.id()).ifPresent(v -> held.add(new SnapshotResponse.DiskVolume(d.disk().id(), d.disk().name(), v.id())));
        }
        return new SnapshotResponse(s.id(), s.vmId(), s.description(), s.status().name(), s.statusReason(), s.live(), s.mergeStep(),
                s.createdAt(), held, configs.of(s.id()).orElse(null));
    }
}
