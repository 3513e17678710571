package dev.flotilla.manager.template;

import dev.flotilla.manager.action.ActionRunner;
import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.jobs.JobHandle;
import dev.flotilla.manager.jobs.Jobs;
import dev.flotilla.manager.storage.DiskFormat;
import dev.flotilla.manager.storage.DiskRecords;
import dev.flotilla.manager.storage.DiskRepository;
import dev.flotilla.manager.storage.DiskService;
import dev.flotilla.manager.storage.StorageAnswer;
import dev.flotilla.manager.storage.StorageCalls;
import dev.flotilla.manager.storage.StorageCommands;
import dev.flotilla.manager.storage.StorageDomain;
import dev.flotilla.manager.storage.StorageDomainRepository;
import dev.flotilla.manager.storage.StorageHosts;
import dev.flotilla.manager.storage.VmDiskInput;
import dev.flotilla.manager.storage.VmVolumes;
import dev.flotilla.manager.storage.Volume;
import dev.flotilla.manager.storage.VolumeRepository;
import dev.flotilla.manager.vm.VmInput;
import dev.flotilla.manager.vm.VmResponse;
import dev.flotilla.manager.vm.VmService;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Templates and VMs made from them. Copies (a new template's disks, a clone's) run as jobs on a
 * worker thread, one step per disk; a copy that fails removes what the job made. Thin VMs are made
 * at once: one overlay per template disk, all in one command.
 */
@Service
public class TemplateService {

    /** How a VM made from a template gets its disks. */
    public record NewVm(String name, String mode) {
    }

    /** A VM made from a template; a clone's disks are still being copied by {@code jobId}. */
    public record MadeVm(VmResponse vm, UUID jobId) {
    }

    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "template-copy");
        t.setDaemon(true);
        return t;
    });
    private final TemplateRepository templates;
    private final TemplateActions actions;
    private final ActionRunner runner;
    private final VmVolumes vmVolumes;
    private final VolumeRepository volumes;
    private final DiskRepository disks;
    private final DiskRecords records;
    private final DiskService diskService;
    private final StorageDomainRepository domains;
    private final StorageHosts hosts;
    private final StorageCalls calls;
    private final VmService vms;
    private final Jobs jobs;
    private final EventLog events;
    private final TransactionTemplate tx;

    TemplateService(TemplateRepository templates, TemplateActions actions, ActionRunner runner, VmVolumes vmVolumes, VolumeRepository volumes,
                    DiskRepository disks, DiskRecords records, DiskService diskService, StorageDomainRepository domains, StorageHosts hosts,
                    StorageCalls calls, VmService vms, Jobs jobs, EventLog events, TransactionTemplate tx) {
        this.templates = templates;
        this.actions = actions;
        this.runner = runner;
        this.vmVolumes = vmVolumes;
        this.volumes = volumes;
        this.disks = disks;
        this.records = records;
        this.diskService = diskService;
        this.domains = domains;
        this.hosts = hosts;
        this.calls = calls;
        this.vms = vms;
        this.jobs = jobs;
        this.events = events;
        this.tx = tx;
    }

    public List<Template> list() {
        return templates.all();
    }

    public Template get(UUID id) {
        return templates.get(id);
    }

    /** Records the template (Locked) and starts the job that copies the VM's disks; answers at once. */
    public MadeTemplate create(UUID vmId, String name, String description) {
        Template t = runner.run(actions.create, new TemplateActions.CreateInput(vmId, name, description));
        List<VmVolumes.AttachedVolume> sources = vmVolumes.of(vmId);
        JobHandle job = jobs.start("Make template %s".formatted(t.name()), TemplateActions.ref(t.id(), t.name()),
                ObjectRef.vm(vmId, vms.get(vmId).name()));
        workers.execute(() -> copyTemplate(t, sources, job));
        return new MadeTemplate(t, job.id());
    }

    /** A template being made and the job copying its disks. */
    public record MadeTemplate(Template template, UUID jobId) {
    }

    private void copyTemplate(Template t, List<VmVolumes.AttachedVolume> sources, JobHandle job) {
        List<Template.TemplateDisk> made = new ArrayList<>();
        try {
            for (int i = 0; i < t.disks().size(); i++) {
                Template.TemplateDisk d = t.disks().get(i);
                VmVolumes.AttachedVolume src = sources.get(i);
                job.step("copying disk %s into %s".formatted(src.disk().name(), d.diskName()));
                Volume from = volumes.chain(src.disk().id()).get(0);
                StorageAnswer a = calls.copy(hosts.forDomain(src.domain()), src.domain(), from, volume(d),
                        "disk %d of template %s".formatted(i + 1, t.name()));
                if (!a.ok()) {
                    throw new ConflictException("copying disk %s: %s".formatted(src.disk().name(), a.message()));
                }
                made.add(d);
                tx.executeWithoutResult(s -> records.made(d.diskId(), a.virtualBytes() == null ? d.sizeBytes() : a.virtualBytes(), a.actualBytes()));
                job.progress(100.0 * (i + 1) / t.disks().size());
            }
            tx.executeWithoutResult(s -> {
                templates.status(t.id(), "OK", "");
                events.info(TemplateActions.ref(t.id(), t.name()), "Template %s was made (%d disk(s) copied)".formatted(t.name(), made.size()));
            });
            job.finish();
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            removeVolumes(made);
            tx.executeWithoutResult(s -> {
                templates.delete(t.id());
                t.disks().forEach(d -> records.delete(d.diskId()));
                events.error(TemplateActions.ref(t.id(), t.name()), "Template %s was not made: %s; nothing of it is left".formatted(t.name(), why));
            });
            job.fail(why);
        }
    }

    /** Deletes the template and its volumes; 409 naming the thin VMs that still read from it. */
    public void delete(UUID id) {
        Template t = runner.run(actions.remove, id);
        List<String> strays = removeVolumes(t.disks());
        tx.executeWithoutResult(s -> {
            templates.delete(id);
            t.disks().forEach(d -> records.delete(d.diskId()));
            events.info(TemplateActions.ref(id, t.name()), "Template %s was deleted%s".formatted(t.name(),
                    strays.isEmpty() ? "" : "; volume(s) left on the storage: " + String.join(", ", strays)));
        });
    }

    /** A VM with the template's configuration; its disks thin overlays (made now) or clones (copied by a job). */
    public MadeVm newVm(UUID templateId, NewVm in) {
        Template t = templates.get(templateId);
        String mode = in.mode() == null ? "thin" : in.mode();
        if (!mode.equals("thin") && !mode.equals("clone")) {
            throw BadRequestException.field("mode", "must be thin (overlays on the template's volumes) or clone (full copies)");
        }
        if (!"OK".equals(t.status())) {
            throw new ConflictException("template %s is %s".formatted(t.name(), t.status()));
        }
        VmResponse vm = vms.create(new VmInput(in.name(), t.clusterId(), t.cpus(), t.memoryMiB(), false,
                "%s of template %s".formatted(mode, t.name()), new VmInput.BootInput(t.kernel(), t.initrd(), t.cmdline()), null));
        List<UUID> diskIds = new ArrayList<>();
        List<Volume> fresh = new ArrayList<>();
        tx.executeWithoutResult(s -> t.disks().forEach(d -> {
            UUID disk = UUID.randomUUID();
            records.locked(disk, vm.name() + "-disk" + (d.position() + 1), "%s of disk %s of template %s".formatted(mode, d.diskName(), t.name()),
                    d.storageDomainId(), UUID.randomUUID(), d.sizeBytes());
            diskIds.add(disk);
            fresh.add(new Volume(disks.get(disk).volumeId(), disk, mode.equals("thin") ? d.volumeId() : null, DiskFormat.QCOW2, null));
        }));
        if (mode.equals("clone")) {
            JobHandle job = jobs.start("Clone VM %s from template %s".formatted(vm.name(), t.name()), ObjectRef.vm(vm.id(), vm.name()),
                    TemplateActions.ref(t.id(), t.name()));
            workers.execute(() -> clone(t, vm, fresh, job));
            return new MadeVm(vm, job.id());
        }
        List<StorageCommands.Overlay> overlays = new ArrayList<>();
        for (int i = 0; i < t.disks().size(); i++) {
            Template.TemplateDisk d = t.disks().get(i);
            overlays.add(new StorageCommands.Overlay(domain(d), fresh.get(i), volume(d), "thin disk of VM %s over template %s".formatted(vm.name(), t.name())));
        }
        StorageAnswer a = t.disks().isEmpty() ? StorageAnswer.failed("", "") : calls.overlays(hosts.forDomain(domain(t.disks().get(0))), null, overlays);
        if (!t.disks().isEmpty() && !a.ok()) {
            tx.executeWithoutResult(s -> diskIds.forEach(records::delete));
            vms.delete(vm.id());
            throw new ConflictException("thin VM %s from template %s: %s".formatted(in.name(), t.name(), a.message()));
        }
        tx.executeWithoutResult(s -> {
            for (int i = 0; i < t.disks().size(); i++) {
                volumes.recordBase(disks.get(t.disks().get(i).diskId()));
                volumes.insert(fresh.get(i));
                records.made(diskIds.get(i), t.disks().get(i).sizeBytes(), null);
            }
        });
        attach(t, vm, diskIds);
        events.info(ObjectRef.vm(vm.id(), vm.name()), "VM %s was made thin from template %s".formatted(vm.name(), t.name()));
        return new MadeVm(vms.get(vm.id()), null);
    }

    private void clone(Template t, VmResponse vm, List<Volume> fresh, JobHandle job) {
        try {
            for (int i = 0; i < t.disks().size(); i++) {
                Template.TemplateDisk d = t.disks().get(i);
                job.step("copying disk %s".formatted(d.diskName()));
                StorageAnswer a = calls.copy(hosts.forDomain(domain(d)), domain(d), volume(d), fresh.get(i), "clone disk of VM " + vm.name());
                if (!a.ok()) {
                    throw new ConflictException("copying disk %s: %s".formatted(d.diskName(), a.message()));
                }
                UUID disk = fresh.get(i).diskId();
                tx.executeWithoutResult(s -> records.made(disk, d.sizeBytes(), a.actualBytes()));
                job.progress(100.0 * (i + 1) / t.disks().size());
            }
            attach(t, vm, fresh.stream().map(Volume::diskId).toList());
            events.info(ObjectRef.vm(vm.id(), vm.name()), "VM %s was cloned from template %s".formatted(vm.name(), t.name()));
            job.finish();
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            events.error(ObjectRef.vm(vm.id(), vm.name()), "VM %s could not be cloned from template %s: %s; its disks are left Locked: delete the VM"
                    .formatted(vm.name(), t.name(), why));
            job.fail(why);
        }
    }

    private void attach(Template t, VmResponse vm, List<UUID> diskIds) {
        for (int i = 0; i < diskIds.size(); i++) {
            Template.TemplateDisk d = t.disks().get(i);
            diskService.attach(vm.id(), new VmDiskInput(diskIds.get(i), d.diskInterface(), d.bootable(), d.readOnly()));
        }
    }

    private List<String> removeVolumes(List<Template.TemplateDisk> gone) {
        List<String> strays = new ArrayList<>();
        for (Template.TemplateDisk d : gone) {
            try {
                StorageAnswer a = calls.remove(hosts.forDomain(domain(d)), domain(d), volume(d));
                if (!a.ok()) {
                    strays.add(d.volumeId() + " (" + a.message() + ")");
                }
            } catch (RuntimeException e) {
                strays.add(d.volumeId() + " (" + e.getMessage() + ")");
            }
        }
        return strays;
    }

    private StorageDomain domain(Template.TemplateDisk d) {
        return domains.get(d.storageDomainId());
    }

    private static Volume volume(Template.TemplateDisk d) {
        return new Volume(d.volumeId(), d.diskId(), null, DiskFormat.QCOW2, null);
    }

    @PreDestroy
    void close() {
        workers.shutdownNow();
    }
}
