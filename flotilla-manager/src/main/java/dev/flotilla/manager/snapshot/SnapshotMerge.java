package dev.flotilla.manager.snapshot;

import dev.flotilla.manager.action.ActionRunner;
import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.jobs.JobHandle;
import dev.flotilla.manager.jobs.Jobs;
import dev.flotilla.manager.storage.StorageAnswer;
import dev.flotilla.manager.storage.StorageCalls;
import dev.flotilla.manager.storage.StorageHosts;
import dev.flotilla.manager.storage.VmVolumes;
import dev.flotilla.manager.storage.VolumeRepository;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmRepository;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deleting a snapshot: a job that merges, disk after disk, the volume over the snapshot's one into
 * it. Before each disk's merge the step is recorded (snapshot.merge_step; the agent marks the
 * volume's .meta MERGING), after it the chain is recorded in one transaction. A merge that fails
 * leaves that disk's chain as it was (the agent's steps keep it readable), the disks merged before
 * stay merged, the snapshot goes back to OK with the reason, and deleting it again goes on from
 * there: the snapshot keeps a state only on the disks not merged yet.
 */
@Component
class SnapshotMerge {

    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "snapshot-merge");
        t.setDaemon(true);
        return t;
    });

    private final SnapshotRepository snapshots;
    private final SnapshotActions actions;
    private final VolumeRepository volumes;
    private final VmVolumes vmVolumes;
    private final VmRepository vms;
    private final StorageHosts hosts;
    private final StorageCalls calls;
    private final ActionRunner runner;
    private final Jobs jobs;
    private final EventLog events;
    private final TransactionTemplate tx;
    private final HostRepository vmHosts;

    SnapshotMerge(SnapshotRepository snapshots, SnapshotActions actions, VolumeRepository volumes, VmVolumes vmVolumes, VmRepository vms,
                  StorageHosts hosts, StorageCalls calls, ActionRunner runner, Jobs jobs, EventLog events, TransactionTemplate tx,
                  HostRepository vmHosts) {
        this.vmHosts = vmHosts;
        this.snapshots = snapshots;
        this.actions = actions;
        this.volumes = volumes;
        this.vmVolumes = vmVolumes;
        this.vms = vms;
        this.hosts = hosts;
        this.calls = calls;
        this.runner = runner;
        this.jobs = jobs;
        this.events = events;
        this.tx = tx;
    }

    /** Locks the snapshot and starts the merge job; answers the job's id at once. */
    UUID delete(UUID vmId, UUID snapshotId) {
        Snapshot s = runner.run(actions.lock, new SnapshotActions.LockInput(vmId, snapshotId, SnapshotActions.Verb.DELETE));
        Vm vm = vms.get(vmId);
        JobHandle job = jobs.start("Delete snapshot '%s' of VM %s".formatted(s.description(), vm.name()), SnapshotActions.ref(vm));
        workers.execute(() -> run(vm, s, job));
        return job.id();
    }

    /** The merge itself, on a worker thread; also called directly by tests. */
    void run(Vm vm, Snapshot s, JobHandle job) {
        try {
            List<ChainPlans.Merge> plans = new ArrayList<>();
            List<VmVolumes.AttachedVolume> disks = vmVolumes.of(vm.id());
            for (VmVolumes.AttachedVolume d : disks) {
                ChainPlans.merge(volumes.chain(d.disk().id()), s.id()).ifPresent(plans::add);
            }
            for (int i = 0; i < plans.size(); i++) {
                ChainPlans.Merge m = plans.get(i);
                VmVolumes.AttachedVolume d = disks.stream().filter(x -> x.disk().id().equals(m.diskId())).findFirst().orElseThrow();
                String step = "merging disk %s: volume %s into %s".formatted(d.disk().name(), m.top().id(), m.base().id());
                job.step(step);
                tx.executeWithoutResult(st -> snapshots.mergeStep(s.id(), step));
                // a running VM merges live on its host (QEMU block-commit); else any host of the domain runs qemu-img
                Vm now = vms.get(vm.id());
                boolean live = SnapshotActions.live(now);
                StorageAnswer answer = calls.merge(live ? vmHosts.get(now.hostId()) : hosts.forDomain(d.domain()), live ? now.id() : null,
                        d.domain(), m.top(), m.base(), m.child());
                if (!answer.ok()) {
                    stopped(vm, s, job, "disk %s: %s".formatted(d.disk().name(), answer.message()));
                    return;
                }
                tx.executeWithoutResult(st -> record(m));
                job.progress(100.0 * (i + 1) / plans.size());
            }
            tx.executeWithoutResult(st -> {
                snapshots.delete(s.id());
                events.info(SnapshotActions.ref(vm), "Snapshot '%s' of VM %s was deleted; %d disk(s) merged".formatted(s.description(), vm.name(), plans.size()));
            });
            job.finish();
        } catch (RuntimeException e) {
            stopped(vm, s, job, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** The chain after one disk's merge: base takes top's place, top's child reads from base, top is gone. */
    private void record(ChainPlans.Merge m) {
        volumes.setSnapshot(m.base().id(), m.top().snapshotId());
        if (m.child() != null) {
            volumes.setParent(m.child().id(), m.base().id());
        } else {
            volumes.activate(m.diskId(), m.base().id(), m.base().format());
        }
        volumes.delete(m.top().id());
    }

    private void stopped(Vm vm, Snapshot s, JobHandle job, String why) {
        String reason = "the delete stopped: %s. The disks' chains are intact and the VM can run; delete the snapshot again to retry".formatted(why);
        tx.executeWithoutResult(st -> {
            snapshots.changeStatus(s.id(), SnapshotStatus.Locked, SnapshotStatus.OK, reason);
            events.error(SnapshotActions.ref(vm), "Snapshot '%s' of VM %s: %s".formatted(s.description(), vm.name(), reason));
        });
        job.fail(reason);
    }

    @PreDestroy
    void close() {
        workers.shutdownNow();
    }
}
