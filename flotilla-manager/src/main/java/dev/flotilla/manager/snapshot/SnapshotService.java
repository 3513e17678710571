package dev.flotilla.manager.snapshot;

import dev.flotilla.manager.action.ActionRunner;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.storage.DiskFormat;
import dev.flotilla.manager.storage.DiskRepository;
import dev.flotilla.manager.storage.StorageDomainRepository;
import dev.flotilla.manager.storage.StorageAnswer;
import dev.flotilla.manager.storage.StorageCalls;
import dev.flotilla.manager.storage.StorageCommands;
import dev.flotilla.manager.storage.StorageHosts;
import dev.flotilla.manager.storage.VmVolumes;
import dev.flotilla.manager.storage.Volume;
import dev.flotilla.manager.storage.VolumeRepository;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Taking, previewing, undoing, committing and restoring snapshots of a VM that is Down: the
 * action locks the snapshot, a host of the disks' domain makes or removes the overlays (all disks
 * in one command, all or none), then the chains are recorded in one transaction. A host's refusal
 * leaves the chains as they were and the snapshot as it was, with the host's words in the event log.
 * Each snapshot keeps the VM's configuration ({@link VmConfiguration}); a preview gives it to the VM
 * (its own set aside), an undo gives the VM's own back, a commit keeps the snapshot's, a restore is both.
 */
@Service
public class SnapshotService {

    private final SnapshotRepository snapshots;
    private final SnapshotActions actions;
    private final VolumeRepository volumes;
    private final VmVolumes vmVolumes;
    private final VmRepository vms;
    private final StorageHosts hosts;
    private final StorageCalls calls;
    private final ActionRunner runner;
    private final EventLog events;
    private final TransactionTemplate tx;
    private final HostRepository vmHosts;
    private final SnapshotMerge merge;
    private final SnapshotConfigs configs;
    private final VmConfigurations configurations;
    private final DiskRepository diskRows;
    private final StorageDomainRepository domains;
    private final PlannedOverlays plans;
    private final LiveSnapshotSettling settling;

    SnapshotService(SnapshotRepository snapshots, SnapshotActions actions, VolumeRepository volumes, VmVolumes vmVolumes, VmRepository vms,
                    StorageHosts hosts, StorageCalls calls, ActionRunner runner, EventLog events, TransactionTemplate tx, HostRepository vmHosts,
                    SnapshotMerge merge, SnapshotConfigs configs, VmConfigurations configurations, DiskRepository diskRows,
                    StorageDomainRepository domains, PlannedOverlays plans, LiveSnapshotSettling settling) {
        this.plans = plans;
        this.settling = settling;
        this.configs = configs;
        this.configurations = configurations;
        this.diskRows = diskRows;
        this.domains = domains;
        this.vmHosts = vmHosts;
        this.merge = merge;
        this.snapshots = snapshots;
        this.actions = actions;
        this.volumes = volumes;
        this.vmVolumes = vmVolumes;
        this.vms = vms;
        this.hosts = hosts;
        this.calls = calls;
        this.runner = runner;
        this.events = events;
        this.tx = tx;
    }

    public Snapshot create(UUID vmId, String description) {
        Snapshot s = runner.run(actions.create, new SnapshotActions.CreateInput(vmId, description));
        Vm vm = vms.get(vmId);
        List<VmVolumes.AttachedVolume> disks = vmVolumes.of(vmId);
        // only up to the host's part: once a live snapshot is asked for, QEMU may have switched to the overlays
        List<StorageCommands.Overlay> overlays = unlocking(vm, s, null, () -> {
            List<StorageCommands.Overlay> planned = new ArrayList<>();
            for (VmVolumes.AttachedVolume d : disks) {
                Volume active = volumes.chain(d.disk().id()).get(0);
                Volume next = new Volume(UUID.randomUUID(), d.disk().id(), active.id(), DiskFormat.QCOW2, null);
                planned.add(new StorageCommands.Overlay(d.domain(), next, active, "VM %s after snapshot '%s'".formatted(vm.name(), s.description())));
            }
            // written before the host is asked: an answer never recorded is then settled from what QEMU runs on
            tx.executeWithoutResult(st -> {
                configs.record(s.id(), configurations.of(vmId));
                plans.plan(s.id(), planned);
            });
            return planned;
        });
        // live: the VM's own host makes the overlays and switches QEMU to them; offline: any host of the domain
        AtomicReference<StorageAnswer> answer = new AtomicReference<>();
        onHost(vm, disks, s, h -> {
            answer.set(calls.overlays(s.live() ? vmHosts.get(vm.hostId()) : h, s.live() ? vm.id() : null, overlays));
            return answer.get();
        }, () -> notTaken(s, answer.get()));
        try {
            tx.executeWithoutResult(st -> {
                overlays.forEach(o -> plans.recordTaken(s.id(), o.volume()));
                plans.drop(s.id());
                snapshots.changeStatus(s.id(), SnapshotStatus.Locked, SnapshotStatus.OK, "");
                events.info(SnapshotActions.ref(vm), "Snapshot '%s' of VM %s was taken %s (%d disk(s))".formatted(s.description(), vm.name(),
                        s.live() ? "live" : "offline", disks.size()));
            });
        } catch (RuntimeException e) {
            // the host made the overlays and a live VM may write into them already: settled from its reports, never dropped blind
            if (s.live()) {
                settling.watch(s.id());
            }
            throw e;
        }
        return snapshots.find(s.id()).orElseThrow();
    }

    /**
     * The host did not take the snapshot, or nobody knows: a refusal (the host answered, all or none)
     * drops it; a live one whose answer never came (timed out, the link lost, an error in between)
     * stays Locked with its planned overlays and is settled from the disks the host reports the VM
     * runs on — QEMU may have switched to the overlays, and dropping the snapshot then would lose
     * every write the guest makes from now on. Offline, no VM runs: the database's chains are what
     * the next start uses, so dropping is safe (the overlays are stray files at worst).
     */
    private void notTaken(Snapshot s, StorageAnswer answer) {
        boolean unknown = answer == null || StorageCalls.NO_ANSWER.equals(answer.problem()) || StorageCalls.NOT_CONNECTED.equals(answer.problem());
        if (s.live() && unknown) {
            snapshots.reason(s.id(), LiveSnapshotSettling.AWAITING);
            settling.watch(s.id());
        } else {
            snapshots.delete(s.id());
        }
    }

    /** Deletes the snapshot with a merge, as a job (live when the VM runs); answers the job's id at once. */
    public UUID delete(UUID vmId, UUID snapshotId) {
        return merge.delete(vmId, snapshotId);
    }

    /**
     * The VM runs from the snapshot with the snapshot's configuration: each disk it had then gets a
     * new overlay on the snapshot's volume (its active volume set aside), and its own configuration
     * is set aside for an undo.
     */
    public Snapshot preview(UUID vmId, UUID snapshotId) {
        Snapshot s = runner.run(actions.lock, new SnapshotActions.LockInput(vmId, snapshotId, SnapshotActions.Verb.PREVIEW));
        Vm vm = vms.get(vmId);
        List<String> notes = unlocking(vm, s, SnapshotStatus.OK, () -> {
            Previewed previewed = previewOnHost(vm, s);
            return tx.execute(st -> {
                List<String> n = recordPreview(vm, s, previewed);
                snapshots.changeStatus(s.id(), SnapshotStatus.Locked, SnapshotStatus.InPreview, "");
                return n;
            });
        });
        events.info(SnapshotActions.ref(vm), "VM %s is previewing snapshot '%s' with the configuration it kept%s".formatted(vm.name(),
                s.description(), notes(notes)));
        return snapshots.find(s.id()).orElseThrow();
    }

    /** A preview made on the host, not recorded yet: the disks it reaches, their new overlays and the volumes they set aside. */
    private record Previewed(VmConfiguration now, Optional<VmConfiguration> then, AttachmentPlans.Plan plan, List<StorageCommands.Overlay> overlays,
                             List<UUID> saved) {
    }

    /** The host makes the preview's overlays for a Locked snapshot; on a refusal the snapshot is OK again (409). */
    private Previewed previewOnHost(Vm vm, Snapshot s) {
        VmConfiguration now = configurations.of(vm.id());
        Optional<VmConfiguration> then = configs.of(s.id());
        // a snapshot that kept its disks brings back those (a disk attached since goes, detached); an older one keeps the VM's
        AttachmentPlans.Plan plan = then.filter(VmConfiguration::complete).map(c -> AttachmentPlans.plan(c.disks(), now.disks(),
                d -> configurations.whyNotBack(vm, d).or(() -> volumes.ofSnapshot(d.diskId(), s.id()).isPresent() ? Optional.empty()
                        : Optional.of("disk %s no longer holds the snapshot's state".formatted(d.diskName())))))
                .orElse(AttachmentPlans.keep(now.disks()));
        List<VmVolumes.AttachedVolume> disks = new ArrayList<>();
        List<StorageCommands.Overlay> overlays = new ArrayList<>();
        List<UUID> saved = new ArrayList<>();
        for (VmConfiguration.DiskAt at : plan.attach()) {
            VmVolumes.AttachedVolume d = configurations.attached(vm.id(), at);
            volumes.ofSnapshot(d.disk().id(), s.id()).ifPresent(of -> {
                Volume preview = new Volume(UUID.randomUUID(), d.disk().id(), of.id(), DiskFormat.QCOW2, null);
                disks.add(d);
                overlays.add(new StorageCommands.Overlay(d.domain(), preview, of, "preview of snapshot '%s'".formatted(s.description())));
                saved.add(d.disk().volumeId());
            });
        }
        onHost(vm, disks, s, h -> calls.overlays(h, null, overlays), () -> snapshots.changeStatus(s.id(), SnapshotStatus.Locked, SnapshotStatus.OK, ""));
        return new Previewed(now, then, plan, overlays, saved);
    }

    /** Records a preview the host made, in the caller's transaction; answers what of the snapshot's configuration could not be put back. */
    private List<String> recordPreview(Vm vm, Snapshot s, Previewed p) {
        for (int i = 0; i < p.overlays().size(); i++) {
            Volume v = p.overlays().get(i).volume();
            volumes.insert(v);
            volumes.activate(v.diskId(), v.id(), DiskFormat.QCOW2);
            snapshots.insertPreview(new SnapshotRepository.Preview(v.diskId(), vm.id(), s.id(), v.id(), p.saved().get(i)));
        }
        configs.saveForUndo(s.id(), p.now());
        List<String> notes = new ArrayList<>(p.plan().notes());
        notes.addAll(configurations.takeBack(vm.id(), p.then(), p.plan()));
        return notes;
    }

    /** Back to the volumes and the configuration the VM had before the preview; the preview's overlays (and what the VM wrote there) go. */
    public Snapshot undo(UUID vmId, UUID snapshotId) {
        Snapshot s = runner.run(actions.lock, new SnapshotActions.LockInput(vmId, snapshotId, SnapshotActions.Verb.UNDO));
        Vm vm = vms.get(vmId);
        return unlocking(vm, s, SnapshotStatus.InPreview, () -> undoLocked(vm, s));
    }

    private Snapshot undoLocked(Vm vm, Snapshot s) {
        UUID vmId = vm.id();
        List<SnapshotRepository.Preview> previews = snapshots.previews(vmId);
        List<Volume> overlays = previews.stream().map(p -> volumes.find(p.previewVolumeId()).orElseThrow()).toList();
        List<String> notes = new ArrayList<>();
        // recorded first: a preview overlay the host then fails to remove is only a stray file, never a chain in use
        tx.executeWithoutResult(st -> {
            previews.forEach(p -> {
                Volume was = volumes.find(p.savedVolumeId()).orElseThrow();
                volumes.activate(p.diskId(), was.id(), was.format());
                volumes.delete(p.previewVolumeId());
            });
            snapshots.deletePreviews(vmId);
            configs.savedForUndo(s.id()).ifPresent(c -> notes.addAll(configurations.giveBack(vm, c)));
            configs.dropSaved(s.id());
            snapshots.changeStatus(s.id(), SnapshotStatus.Locked, SnapshotStatus.OK, "");
        });
        notes.addAll(removeVolumes(overlays).stream().map(v -> "volume left on the storage to remove by hand: " + v).toList());
        events.info(SnapshotActions.ref(vm), "VM %s left the preview of snapshot '%s'%s".formatted(vm.name(), s.description(), notes(notes)));
        return snapshots.find(s.id()).orElseThrow();
    }

    /**
     * The VM goes on from the previewed snapshot, with its configuration: what it had after that
     * snapshot (its former active volumes and any later snapshots) is dropped.
     */
    public Snapshot commit(UUID vmId, UUID snapshotId) {
        Snapshot s = runner.run(actions.lock, new SnapshotActions.LockInput(vmId, snapshotId, SnapshotActions.Verb.COMMIT));
        Vm vm = vms.get(vmId);
        return unlocking(vm, s, SnapshotStatus.InPreview, () -> committed(vm, s, "kept", tx.execute(st -> recordCommit(vm, s, new ArrayList<>()))));
    }

    /**
     * Preview and commit in one: the VM goes back to the snapshot, its disks and its configuration.
     * Both are recorded in one transaction once the host made the overlays: a manager that stops
     * before leaves the snapshot OK and the VM as it was (the overlays are stray files), never a
     * preview the user did not ask for, nor a configuration set aside that nothing gives back.
     */
    public Snapshot restore(UUID vmId, UUID snapshotId) {
        Snapshot s = runner.run(actions.lock, new SnapshotActions.LockInput(vmId, snapshotId, SnapshotActions.Verb.RESTORE));
        Vm vm = vms.get(vmId);
        return unlocking(vm, s, SnapshotStatus.OK, () -> {
            Previewed previewed = previewOnHost(vm, s);
            return committed(vm, s, "restored", tx.execute(st -> recordCommit(vm, s, recordPreview(vm, s, previewed))));
        });
    }

    /** A commit recorded: the volumes it dropped from every chain (for the host to remove), how many later snapshots went, the notes. */
    private record Committed(List<Volume> dropped, int later, List<String> notes) {
    }

    /** Records the commit of the VM's preview, in the caller's transaction: the dropped volumes leave every chain before the host removes them. */
    private Committed recordCommit(Vm vm, Snapshot s, List<String> previewNotes) {
        List<Volume> dropped = new ArrayList<>();
        for (SnapshotRepository.Preview p : snapshots.previews(vm.id())) {
            Volume base = volumes.find(p.previewVolumeId()).flatMap(v -> volumes.find(v.parentId())).orElseThrow();
            dropped.addAll(ChainPlans.above(chainFrom(p.savedVolumeId()), base.id()));
        }
        List<UUID> later = ChainPlans.snapshotsIn(dropped).stream().filter(id -> !id.equals(s.id())).toList();
        List<String> notes = new ArrayList<>(previewNotes);
        dropped.forEach(v -> volumes.delete(v.id()));
        snapshots.deletePreviews(vm.id());
        later.forEach(snapshots::delete);
        if (configs.savedForUndo(s.id()).isEmpty()) {
            // a preview begun by a manager that gave the configuration back only at the commit
            configs.of(s.id()).ifPresent(c -> notes.addAll(configurations.applySettings(vm.id(), c)));
        }
        configs.dropSaved(s.id());
        snapshots.changeStatus(s.id(), SnapshotStatus.Locked, SnapshotStatus.OK, "");
        return new Committed(dropped, later.size(), notes);
    }

    private Snapshot committed(Vm vm, Snapshot s, String verb, Committed c) {
        List<String> notes = new ArrayList<>(c.notes());
        notes.addAll(removeVolumes(c.dropped()).stream().map(v -> "volume left on the storage to remove by hand: " + v).toList());
        events.info(SnapshotActions.ref(vm), "Snapshot '%s' of VM %s was %s; %d later snapshot(s) and %d volume(s) were dropped%s"
                .formatted(s.description(), vm.name(), verb, c.later(), c.dropped().size(), notes(notes)));
        return snapshots.find(s.id()).orElseThrow();
    }

    /** The chain under a volume that is not (or no longer) a disk's active one, that volume first. */
    private List<Volume> chainFrom(UUID volumeId) {
        List<Volume> chain = new ArrayList<>();
        for (Volume v = volumes.find(volumeId).orElse(null); v != null && chain.size() < 1000;
             v = v.parentId() == null ? null : volumes.find(v.parentId()).orElse(null)) {
            chain.add(v);
        }
        return chain;
    }

    /** Removes volumes no chain uses any more; answers the ones the host could not remove (stray files, named in the event). */
    private List<String> removeVolumes(List<Volume> gone) {
        List<String> strays = new ArrayList<>();
        for (Volume v : gone) {
            // by the disk, not the VM: a disk the VM no longer has (detached by an undo) still has its volumes on its domain
            var domain = diskRows.find(v.diskId()).flatMap(d -> domains.find(d.storageDomainId()));
            if (domain.isEmpty()) {
                strays.add(v.id().toString());
                continue;
            }
            StorageAnswer a = calls.remove(hosts.forDomain(domain.get()), domain.get(), v);
            if (!a.ok()) {
                strays.add(v.id() + " (" + a.message() + ")");
            }
        }
        return strays;
    }

    private static String notes(List<String> notes) {
        return notes.isEmpty() ? "" : "; " + String.join("; ", notes);
    }

    /**
     * Runs the manager's part of an operation on snapshot {@code s}, which the operation Locked in a
     * transaction of its own. Should that part fail (a bug, the database), the snapshot goes back to
     * {@code before} (null: a snapshot being made goes) with the reason in the event log, instead of
     * staying Locked — which keeps the VM from starting — until the manager restarts. Only while it
     * is still Locked: an operation that recorded its outcome, or whose host refused it (then
     * {@link #onHost} put it back already), is left as it is.
     */
    private <T> T unlocking(Vm vm, Snapshot s, SnapshotStatus before, Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            tx.executeWithoutResult(st -> {
                boolean undone;
                if (before == null) {
                    undone = snapshots.find(s.id()).filter(x -> x.status() == SnapshotStatus.Locked).isPresent() && !snapshots.hasVolumes(s.id());
                    if (undone) {
                        snapshots.delete(s.id());
                    }
                } else {
                    undone = snapshots.changeStatus(s.id(), SnapshotStatus.Locked, before, "the last operation failed in the manager: %s; retry it"
                            .formatted(why));
                }
                if (undone) {
                    events.error(SnapshotActions.ref(vm), "snapshot '%s' of VM %s: %s".formatted(s.description(), vm.name(), why));
                }
            });
            throw e;
        }
    }

    /** Runs the host's part; on a refusal {@code undo} puts the snapshot back, the event log gets the host's words and the caller a 409. */
    private StorageAnswer onHost(Vm vm, List<VmVolumes.AttachedVolume> disks, Snapshot s,
                                 java.util.function.Function<Host, StorageAnswer> work, Runnable undo) {
        StorageAnswer answer;
        try {
            answer = disks.isEmpty() ? StorageAnswer.failed("NOT_FOUND", "no disk of VM %s holds a state of this snapshot".formatted(vm.name()))
                    : work.apply(hosts.forDomain(disks.get(0).domain()));
        } catch (RuntimeException e) {
            tx.executeWithoutResult(st -> undo.run());
            throw e;
        }
        if (!answer.ok()) {
            String message = "snapshot '%s' of VM %s: %s".formatted(s.description(), vm.name(), answer.message());
            tx.executeWithoutResult(st -> {
                undo.run();
                events.error(SnapshotActions.ref(vm), message);
            });
            throw new ConflictException(message);
        }
        return answer;
    }
}
