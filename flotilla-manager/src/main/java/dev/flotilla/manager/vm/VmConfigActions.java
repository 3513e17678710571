package dev.flotilla.manager.vm;

import dev.flotilla.manager.action.Action;
import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.datacenter.Cluster;
import dev.flotilla.manager.datacenter.ClusterRepository;
import dev.flotilla.manager.events.ObjectRef;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Create, update and delete of VMs: their configuration, not their power state. */
@Component
class VmConfigActions {

    static final String DEFAULT_CLUSTER = "Default";

    final Create create;
    final Update update;
    final Delete delete;

    VmConfigActions(VmRepository vms, ClusterRepository clusters) {
        this.create = new Create(vms, clusters);
        this.update = new Update(vms);
        this.delete = new Delete(vms);
    }

    static ObjectRef ref(Vm vm) {
        return ObjectRef.vm(vm.id(), vm.name());
    }

    record Create(VmRepository vms, ClusterRepository clusters) implements Action<VmInput, Vm> {
        public ObjectRef target(VmInput in) {
            return ObjectRef.system();
        }

        public Vm execute(VmInput in) {
            VmSpecRules rules = new VmSpecRules();
            String name = rules.name(in.name(), null);
            Cluster cluster = in.clusterId() == null
                    ? clusters.findByName(DEFAULT_CLUSTER).orElse(null)
                    : clusters.find(in.clusterId()).orElse(null);
            if (cluster == null) {
                rules.add("clusterId", in.clusterId() == null ? "is required: there is no cluster named Default" : "names no cluster");
            }
            int cpus = rules.cpus(in.cpus(), 1);
            long memory = rules.memory(in.memoryMiB(), 512);
            String description = rules.description(in.description(), "");
            Vm.Boot boot = rules.boot(in.boot(), Vm.Boot.NONE);
            rules.throwIfAny();
            if (vms.findByName(name).isPresent()) {
                throw new ConflictException("a VM named %s already exists".formatted(name));
            }
            Vm vm = new Vm(UUID.randomUUID(), cluster.id(), null, name, description, VmStatus.Down, "", Instant.now(),
                    cpus, memory, Boolean.TRUE.equals(in.highlyAvailable()), boot, 0, Instant.now());
            vms.insert(vm);
            return vms.get(vm.id());
        }

        public Audit audit(VmInput in, Vm vm) {
            return new Audit(ref(vm), "VM %s was created (%d vCPUs, %d MiB)".formatted(vm.name(), vm.cpus(), vm.memoryMiB()));
        }
    }

    record UpdateInput(UUID id, VmInput change) {
    }

    record Update(VmRepository vms) implements Action<UpdateInput, Vm> {
        public ObjectRef target(UpdateInput in) {
            return ref(vms.get(in.id()));
        }

        public Vm execute(UpdateInput in) {
            Vm vm = vms.get(in.id());
            VmInput c = in.change();
            if (c.version() == null) {
                throw BadRequestException.field("version", "is required: send the version you read");
            }
            if (c.clusterId() != null && !c.clusterId().equals(vm.clusterId())) {
                throw BadRequestException.field("clusterId", "cannot be changed yet");
            }
            VmSpecRules rules = new VmSpecRules();
            String name = rules.name(c.name(), vm.name());
            int cpus = rules.cpus(c.cpus(), vm.cpus());
            long memory = rules.memory(c.memoryMiB(), vm.memoryMiB());
            String description = rules.description(c.description(), vm.description());
            Vm.Boot boot = rules.boot(c.boot(), vm.boot());
            rules.throwIfAny();
            boolean hardwareChanged = cpus != vm.cpus() || memory != vm.memoryMiB() || !boot.equals(vm.boot());
            if (hardwareChanged && vm.status() != VmStatus.Down) {
                throw new ConflictException("VM %s is %s: cpus, memory and boot can change only while it is Down".formatted(vm.name(), vm.status()));
            }
            vms.findByName(name).filter(o -> !o.id().equals(vm.id())).ifPresent(o -> {
                throw new ConflictException("a VM named %s already exists".formatted(name));
            });
            vms.updateConfig(new Vm(vm.id(), vm.clusterId(), vm.hostId(), name, description, vm.status(), vm.statusReason(),
                    vm.statusChangedAt(), cpus, memory, c.highlyAvailable() == null ? vm.highlyAvailable() : c.highlyAvailable(),
                    boot, c.version(), vm.createdAt()));
            return vms.get(vm.id());
        }

        public Audit audit(UpdateInput in, Vm vm) {
            return new Audit(ref(vm), "VM %s was updated".formatted(vm.name()));
        }
    }

    record Delete(VmRepository vms) implements Action<UUID, Vm> {
        public ObjectRef target(UUID id) {
            return ref(vms.get(id));
        }

        public Vm execute(UUID id) {
            Vm vm = vms.get(id);
            if (vm.status() != VmStatus.Down) {
                throw new ConflictException("VM %s is %s: stop it before deleting it".formatted(vm.name(), vm.status()));
            }
            vms.delete(id);
            return vm;
        }

        public Audit audit(UUID id, Vm vm) {
            return new Audit(ref(vm), "VM %s was deleted".formatted(vm.name()));
        }
    }
}
