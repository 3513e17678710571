package dev.flotilla.manager.snapshot;

import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.jobs.JobHandle;
import dev.flotilla.manager.jobs.Jobs;
import dev.flotilla.manager.storage.DiskRecords;
import dev.flotilla.manager.storage.DiskRepository;
import dev.flotilla.manager.storage.DiskService;
import dev.flotilla.manager.storage.StorageAnswer;
import dev.flotilla.manager.storage.StorageCalls;
import dev.flotilla.manager.storage.StorageHosts;
import dev.flotilla.manager.storage.VmDiskInput;
import dev.flotilla.manager.storage.VmVolumes;
import dev.flotilla.manager.storage.Volume;
import dev.flotilla.manager.storage.VolumeCopies;
import dev.flotilla.manager.storage.VolumeRepository;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmInput;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmResponse;
import dev.flotilla.manager.vm.VmService;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A new VM from a snapshot: the configuration the snapshot kept (CPUs, memory, boot, description,
 * HA and its priority, CD-ROM, pins; not the name) and, for each disk the VM had then, a full copy of the
 * disk as it was at the snapshot (qemu-img convert of the snapshot's volume, read through the chain
 * under it, into a new volume with no backing), attached as it was (interface, bootable, read-only,
 * order), as a job with the host's progress. The
 * snapshot's volumes never change while they are backing files, so the source VM may run. A copy
 * that fails removes what the job made: the new VM, its disks and their volumes; a manager that
 * stops during the job has {@link CloneRecovery} remove them at its next start.
 */
@Service
public class SnapshotClones {

    /** The new VM (its disks Locked until copied) and the job copying them. */
    public record Cloned(VmResponse vm, UUID jobId) {
    }

    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "snapshot-clone");
        t.setDaemon(true);
        return t;
    });
    private final SnapshotRepository snapshots;
    private final VmRepository vmRecords;
    private final VmService vms;
    private final VmVolumes vmVolumes;
    private final VolumeRepository volumes;
    private final DiskRecords records;
    private final DiskService diskService;
    private final StorageHosts hosts;
    private final StorageCalls calls;
    private final VolumeCopies copies;
    private final Jobs jobs;
    private final EventLog events;
    private final TransactionTemplate tx;
    private final SnapshotConfigs configs;
    private final VmConfigurations configurations;
    private final DiskRepository diskRows;
    private final CloneRecords clones;

    SnapshotClones(SnapshotRepository snapshots, VmRepository vmRecords, VmService vms, VmVolumes vmVolumes, VolumeRepository volumes,
                   DiskRecords records, DiskService diskService, StorageHosts hosts, StorageCalls calls, VolumeCopies copies, Jobs jobs,
                   EventLog events, TransactionTemplate tx, SnapshotConfigs configs, VmConfigurations configurations, DiskRepository diskRows,
                   CloneRecords clones) {
        this.clones = clones;
        this.configs = configs;
        this.configurations = configurations;
        this.diskRows = diskRows;
        this.snapshots = snapshots;
        this.vmRecords = vmRecords;
        this.vms = vms;
        this.vmVolumes = vmVolumes;
        this.volumes = volumes;
        this.records = records;
        this.diskService = diskService;
        this.hosts = hosts;
        this.calls = calls;
        this.copies = copies;
        this.jobs = jobs;
        this.events = events;
        this.tx = tx;
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    /** One disk to copy: where it is read from (the snapshot's volume) and the new disk's volume. */
    private record Source(VmVolumes.AttachedVolume disk, Volume snapshotVolume, Volume copy) {
    }

    public Cloned clone(UUID vmId, UUID snapshotId, String name) {
        Vm vm = vmRecords.get(vmId);
        Snapshot s = snapshots.get(vmId, snapshotId);
        if (s.status() != SnapshotStatus.OK && s.status() != SnapshotStatus.InPreview) {
            throw new ConflictException("snapshot '%s' is %s; a VM is cloned from an OK snapshot".formatted(s.description(), s.status()));
        }
        // the VM as it was when the snapshot was taken (its current one for snapshots older than that record);
        // the name and the rest are checked by the VM's own create (400 naming the field)
        VmConfiguration then = configs.of(snapshotId).orElse(VmConfiguration.partial(vm.cpus(), vm.memoryMiB(), vm.boot()));
        List<String> notes = new ArrayList<>();
        List<VmVolumes.AttachedVolume> attached = new ArrayList<>();
        List<Volume> at = new ArrayList<>();
        if (then.complete()) {
            // the disks the VM had then, in their order, each read from its volume of the snapshot
            for (VmConfiguration.DiskAt d : then.disks()) {
                var state = diskRows.find(d.diskId()).flatMap(x -> volumes.ofSnapshot(d.diskId(), snapshotId));
                state.ifPresentOrElse(v -> {
                    attached.add(configurations.attached(vmId, d));
                    at.add(v);
                }, () -> notes.add("disk %s was deleted since the snapshot (or no longer holds its state): the clone has no copy of it"
                        .formatted(d.diskName())));
            }
            if (attached.isEmpty() && !then.disks().isEmpty()) {
                throw new ConflictException("no disk of snapshot '%s' is left to copy: %s".formatted(s.description(), String.join("; ", notes)));
            }
        } else {
            attached.addAll(vmVolumes.of(vmId));
            for (VmVolumes.AttachedVolume a : attached) {
                at.add(volumes.ofSnapshot(a.disk().id(), snapshotId).orElseThrow(() -> new ConflictException(
                        "disk %s has no volume of snapshot '%s' (attached after it was taken); detach it or pick a later snapshot"
                                .formatted(a.disk().name(), s.description()))));
            }
        }
        List<Source> sources = new ArrayList<>();
        // one transaction makes the VM, its settings, its disk rows and the record of the clone under way, which a manager
        // stopped before the disks are attached removes at its next start (CloneRecovery): never a VM half made
        VmResponse made = tx.execute(st -> {
            VmResponse m = vms.create(new VmInput(name, vm.clusterId(), then.cpus(), then.memoryMiB(), Boolean.TRUE.equals(then.highlyAvailable()),
                    then.complete() ? then.description() : "clone of VM %s at snapshot '%s'".formatted(vm.name(), s.description()),
                    new VmInput.BootInput(then.boot().kernel(), then.boot().initrd(), then.boot().cmdline()), null));
            // HA priority, CD-ROM and pins as they were (CPUs, memory, boot and HA came with the create)
            notes.addAll(configurations.applySettings(m.id(), then));
            for (int i = 0; i < attached.size(); i++) {
                VmVolumes.AttachedVolume a = attached.get(i);
                var disk = records.locked(UUID.randomUUID(), m.name() + "-disk" + (i + 1),
                        "disk %s of VM %s at snapshot '%s'".formatted(a.disk().name(), vm.name(), s.description()),
                        a.domain().id(), UUID.randomUUID(), a.disk().sizeBytes());
                sources.add(new Source(a, at.get(i), new Volume(disk.volumeId(), disk.id(), null, disk.format(), null)));
            }
            clones.begin(new CloneRecords.Pending(m.id(), sources.stream().map(x -> x.copy().diskId()).toList()));
            return m;
        });
        JobHandle job = jobs.start("Clone VM %s from snapshot '%s' of %s".formatted(made.name(), s.description(), vm.name()),
                ObjectRef.vm(made.id(), made.name()), ObjectRef.vm(vm.id(), vm.name()));
        workers.execute(() -> copy(vm, s, made, sources, notes, job));
        return new Cloned(made, job.id());
    }

    private void copy(Vm vm, Snapshot s, VmResponse made, List<Source> sources, List<String> notes, JobHandle job) {
        List<Source> copied = new ArrayList<>();
        try {
            for (int i = 0; i < sources.size(); i++) {
                Source src = sources.get(i);
                Host host = hosts.forDomain(src.disk().domain());
                job.step("copying disk %s as it was at the snapshot (host %s)".formatted(src.disk().disk().name(), host.name()));
                int done = i;
                StorageAnswer a = copies.copy(host.id(), src.disk().domain(), src.snapshotVolume(), src.disk().domain(), src.copy(),
                                "disk of VM %s cloned from snapshot '%s' of %s".formatted(made.name(), s.description(), vm.name()),
                                p -> job.progress(100.0 * (done + p / 100.0) / sources.size()))
                        .get(2, TimeUnit.HOURS);
                if (!a.ok()) {
                    throw new ConflictException("copying disk %s: %s".formatted(src.disk().disk().name(), a.message()));
                }
                copied.add(src);
                tx.executeWithoutResult(st -> records.made(src.copy().diskId(), a.virtualBytes() == null ? src.disk().disk().sizeBytes()
                        : a.virtualBytes(), a.actualBytes()));
            }
            // all disks attached and the clone no longer under way in one transaction: a VM with some of its disks is never left
            tx.executeWithoutResult(st -> {
                for (Source src : sources) {
                    var at = src.disk().attachment();
                    diskService.attach(made.id(), new VmDiskInput(src.copy().diskId(), at.diskInterface().label(), at.bootable(), at.readOnly()));
                }
                clones.end(made.id());
                events.info(ObjectRef.vm(made.id(), made.name()), "VM %s was cloned from snapshot '%s' of VM %s (%d disk(s) copied)%s"
                        .formatted(made.name(), s.description(), vm.name(), sources.size(), notes.isEmpty() ? "" : "; " + String.join("; ", notes)));
            });
            job.progress(100);
            job.finish();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            for (Source src : copied) {
                try {
                    calls.remove(hosts.forDomain(src.disk().domain()), src.disk().domain(), src.copy());
                } catch (RuntimeException ignored) {
                    // the first failure is what the job says; a stray file is named by its .meta
                }
            }
            // the VM and its disk rows go together (the record of the clone with the VM); a start-up recovery may have removed them already
            tx.executeWithoutResult(st -> {
                sources.forEach(src -> records.delete(src.copy().diskId()));
                vmRecords.find(made.id()).ifPresent(v -> vms.delete(v.id()));
            });
            events.error(ObjectRef.vm(vm.id(), vm.name()), "VM %s could not be cloned from snapshot '%s': %s; nothing of it is left"
                    .formatted(made.name(), s.description(), why));
            job.fail(why);
        }
    }
}
