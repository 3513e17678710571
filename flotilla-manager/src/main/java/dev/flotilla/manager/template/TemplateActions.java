package dev.flotilla.manager.template;

import dev.flotilla.manager.action.Action;
import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.datacenter.Names;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.events.ObjectType;
import dev.flotilla.manager.storage.DiskRecords;
import dev.flotilla.manager.storage.DiskStatus;
import dev.flotilla.manager.storage.StorageType;
import dev.flotilla.manager.storage.VmVolumes;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmStatus;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The database half of the template actions: a new template is recorded Locked with its disks
 * (Locked too, until the host copied them); a template is removed only when no thin VM reads it.
 */
@Component
class TemplateActions {

    record CreateInput(UUID vmId, String name, String description) {
    }

    final Create create;
    final Remove remove;

    TemplateActions(TemplateRepository templates, VmRepository vms, VmVolumes volumes, DiskRecords disks) {
        this.create = new Create(templates, vms, volumes, disks);
        this.remove = new Remove(templates);
    }

    static ObjectRef ref(UUID id, String name) {
        return new ObjectRef(ObjectType.TEMPLATE, id, name);
    }

    record Create(TemplateRepository templates, VmRepository vms, VmVolumes volumes, DiskRecords disks) implements Action<CreateInput, Template> {
        public ObjectRef target(CreateInput in) {
            return ObjectRef.vm(in.vmId(), "");
        }

        public Template execute(CreateInput in) {
            String name = Names.require("name", in.name());
            String description = in.description() == null ? "" : in.description();
            if (description.length() > 1024) {
                throw BadRequestException.field("description", "must be at most 1024 characters");
            }
            if (in.vmId() == null) {
                throw BadRequestException.field("vmId", "is required: the stopped VM the template is made from");
            }
            Vm vm = vms.find(in.vmId()).orElseThrow(() -> BadRequestException.field("vmId", "names no VM"));
            if (templates.findByName(name).isPresent()) {
                throw new ConflictException("a template named %s exists already".formatted(name));
            }
            if (vm.status() != VmStatus.Down) {
                throw new ConflictException("VM %s is %s; a template is made from a VM that is Down".formatted(vm.name(), vm.status()));
            }
            List<VmVolumes.AttachedVolume> attached = volumes.of(vm.id());
            for (VmVolumes.AttachedVolume a : attached) {
                if (a.domain().type() == StorageType.ISCSI) {
                    throw new ConflictException("disk %s is a whole iSCSI LUN; templates need disks on file domains".formatted(a.disk().name()));
                }
                if (a.disk().status() != DiskStatus.OK || !a.domain().status().isUsable()) {
                    throw new ConflictException("disk %s is %s on storage domain %s (%s)".formatted(a.disk().name(), a.disk().status(),
                            a.domain().name(), a.domain().status()));
                }
            }
            UUID id = UUID.randomUUID();
            templates.insert(new Template(id, name, description, "Locked", "", vm.clusterId(), vm.cpus(), vm.memoryMiB(), vm.boot().kernel(),
                    vm.boot().initrd(), vm.boot().cmdline(), vm.id(), null, List.of()));
            for (int i = 0; i < attached.size(); i++) {
                VmVolumes.AttachedVolume a = attached.get(i);
                var copy = disks.locked(UUID.randomUUID(), name + "-disk" + (i + 1), "disk %d of template %s".formatted(i + 1, name),
                        a.domain().id(), UUID.randomUUID(), a.disk().sizeBytes());
                templates.insertDisk(id, new Template.TemplateDisk(i, copy.id(), copy.name(), copy.volumeId(), a.domain().id(),
                        a.disk().sizeBytes(), a.attachment().diskInterface().label(), a.attachment().bootable(), a.attachment().readOnly()));
            }
            return templates.get(id);
        }

        public Audit audit(CreateInput in, Template out) {
            return new Audit(ref(out.id(), out.name()), "Template %s is being made from VM %s (%d disk(s) to copy)"
                    .formatted(out.name(), vms.get(in.vmId()).name(), out.disks().size()));
        }
    }

    record Remove(TemplateRepository templates) implements Action<UUID, Template> {
        public ObjectRef target(UUID id) {
            return ref(id, "");
        }

        public Template execute(UUID id) {
            Template t = templates.get(id);
            if (!"OK".equals(t.status())) {
                throw new ConflictException("template %s is %s; wait until its disks are copied".formatted(t.name(), t.status()));
            }
            List<String> users = templates.thinUsers(id);
            if (!users.isEmpty()) {
                throw new ConflictException("template %s is used by %d thin VM(s): %s; delete them (or make them clones) first"
                        .formatted(t.name(), users.size(), String.join(", ", users)), users);
            }
            templates.status(id, "Locked", "being deleted");
            return t;
        }

        public Audit audit(UUID id, Template out) {
            return null;
        }
    }
}
