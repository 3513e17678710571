package dev.flotilla.manager.storage;

import dev.flotilla.manager.action.Action;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.datacenter.DataCenter;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmRepository;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The database half of the storage domain actions. Create and activate run after a host checked
 * the storage ({@link StorageDomainService}); the others only move the status, refusing while
 * disks of the domain are in use.
 */
@Component
class StorageDomainActions {

    final Create create;
    final Import importing;
    final Activated activated;
    final Move attach;
    final Move deactivate;
    final Move detach;
    final Delete delete;

    StorageDomainActions(StorageDomainRepository domains, DiskRepository disks, VolumeRepository volumes, VmRepository vms, Clock clock) {
        this.create = new Create(domains, clock);
        this.importing = new Import(create, domains, disks, volumes, clock);
        this.activated = new Activated(domains, clock);
        InUse inUse = new InUse(disks, vms);
        this.attach = new Move(domains, inUse, "attach", EnumSet.of(StorageDomainStatus.Unattached), StorageDomainStatus.Maintenance, Use.NONE);
        this.deactivate = new Move(domains, inUse, "deactivate", EnumSet.of(StorageDomainStatus.Active, StorageDomainStatus.Inactive),
                StorageDomainStatus.Maintenance, Use.RUNNING_VMS);
        this.detach = new Move(domains, inUse, "detach", EnumSet.of(StorageDomainStatus.Maintenance), StorageDomainStatus.Unattached, Use.ANY_VM);
        this.delete = new Delete(domains, disks);
    }

    static ObjectRef ref(StorageDomain d) {
        return ObjectRef.storageDomain(d.id(), d.name());
    }

    record CreateInput(StorageDomainRules.Checked checked, DataCenter dc, Host host, StorageAnswer report) {
    }

    record Create(StorageDomainRepository domains, Clock clock) implements Action<CreateInput, StorageDomain> {
        public ObjectRef target(CreateInput in) {
            return ObjectRef.dataCenter(in.dc().id(), in.dc().name());
        }

        public StorageDomain execute(CreateInput in) {
            var c = in.checked();
            if (domains.findByName(c.name()).isPresent()) {
                throw new ConflictException("a storage domain named %s already exists".formatted(c.name()));
            }
            StorageDomain d = new StorageDomain(UUID.randomUUID(), c.name(), c.description(), c.type(), c.role(),
                    StorageDomainStatus.Active, "", in.dc().id(), c.connection(), in.host().id(), in.report().totalBytes(),
                    in.report().freeBytes(), clock.instant(), 0, clock.instant());
            domains.insert(d);
            domains.replaceLuns(d.id(), in.report().luns());
            return domains.get(d.id());
        }

        public Audit audit(CreateInput in, StorageDomain d) {
            return new Audit(ref(d), "Storage domain %s (%s, %s) was added to data center %s and is Active; host %s reached it: %s"
                    .formatted(d.name(), d.role().label(), d.describe(), in.dc().name(), in.host().name(), in.report().summary()));
        }
    }

    record ImportInput(CreateInput create, DomainImport.Listing listing) {
    }

    record ImportedDomain(StorageDomain domain, DomainImport.Plan plan) {
    }

    /**
     * A create whose domain comes with disks (Import Domain): in the same transaction as the domain,
     * the disks {@link DomainImport} accepts are registered with their chains (base first, as each
     * volume's parent must be recorded before it), so a failure leaves neither domain nor disks.
     */
    record Import(Create create, StorageDomainRepository domains, DiskRepository disks, VolumeRepository volumes, Clock clock)
            implements Action<ImportInput, ImportedDomain> {
        public ObjectRef target(ImportInput in) {
            return create.target(in.create());
        }

        public ImportedDomain execute(ImportInput in) {
            StorageDomain d = create.execute(in.create());
            DomainImport.Plan plan = DomainImport.plan(d.id(), in.listing().volumes(), id -> disks.find(id).map(Disk::name),
                    id -> volumes.find(id).isPresent(), clock.instant());
            for (DomainImport.ImportedDisk disk : plan.disks()) {
                disks.insert(disk.disk());
                for (int i = disk.chain().size() - 1; i >= 0; i--) {
                    volumes.insert(disk.chain().get(i));
                }
            }
            return new ImportedDomain(domains.get(d.id()), plan);
        }

        public Audit audit(ImportInput in, ImportedDomain out) {
            return new Audit(ref(out.domain()), "Storage domain %s (%s, %s) was imported into data center %s and is Active; %d disk(s) registered%s"
                    .formatted(out.domain().name(), out.domain().role().label(), out.domain().describe(), in.create().dc().name(),
                            out.plan().disks().size(), out.plan().skipped().isEmpty() ? "" : ", %d skipped".formatted(out.plan().skipped().size())));
        }
    }

    record ActivatedInput(UUID id, Host host, StorageAnswer report) {
    }

    /** A host reached the domain: it becomes Active with the space the host found. */
    record Activated(StorageDomainRepository domains, Clock clock) implements Action<ActivatedInput, StorageDomain> {
        public ObjectRef target(ActivatedInput in) {
            return ref(domains.get(in.id()));
        }

        public StorageDomain execute(ActivatedInput in) {
            StorageDomain d = domains.get(in.id());
            if (!d.status().canTransitionTo(StorageDomainStatus.Active) || d.status() == StorageDomainStatus.Locked) {
                throw new ConflictException("storage domain %s is %s; only a domain in Maintenance or Inactive can be activated"
                        .formatted(d.name(), d.status()));
            }
            if (!domains.changeStatus(d.id(), d.status(), StorageDomainStatus.Active, d.dataCenterId(), "")) {
                throw new ConflictException("storage domain %s changed state meanwhile; try again".formatted(d.name()));
            }
            domains.recordSpace(d.id(), in.host().id(), in.report().totalBytes(), in.report().freeBytes(), clock.instant());
            if (d.type() == StorageType.ISCSI) {
                domains.replaceLuns(d.id(), in.report().luns());
            }
            return domains.get(d.id());
        }

        public Audit audit(ActivatedInput in, StorageDomain d) {
            return new Audit(ref(d), "Storage domain %s is Active; host %s reached it: %s".formatted(d.name(), in.host().name(), in.report().summary()));
        }
    }

    /** How much use of its disks keeps a domain from moving. */
    enum Use { NONE, RUNNING_VMS, ANY_VM }

    /** Which VMs use the disks of a domain. */
    record InUse(DiskRepository disks, VmRepository vms) {
        List<Vm> vmsUsing(UUID domainId, boolean runningOnly) {
            Set<UUID> ids = new java.util.HashSet<>(disks.attachmentsOnDomain(domainId).stream().map(VmDisk::vmId).toList());
            return vms.findAll(ids).stream().filter(vm -> !runningOnly || vm.status().isAlive()).toList();
        }
    }

    record MoveInput(UUID id, UUID dataCenterId) {
    }

    /** A move between statuses allowed from some of them, refused while disks are in use as {@code use} says. */
    record Move(StorageDomainRepository domains, InUse inUse, String verb, Set<StorageDomainStatus> from, StorageDomainStatus to, Use use)
            implements Action<MoveInput, StorageDomain> {
        public ObjectRef target(MoveInput in) {
            return ref(domains.get(in.id()));
        }

        public StorageDomain execute(MoveInput in) {
            StorageDomain d = domains.get(in.id());
            if (!from.contains(d.status())) {
                throw new ConflictException("cannot %s storage domain %s while it is %s".formatted(verb, d.name(), d.status()));
            }
            if (use != Use.NONE) {
                List<Vm> users = inUse.vmsUsing(d.id(), use == Use.RUNNING_VMS);
                if (!users.isEmpty()) {
                    throw new ConflictException("cannot %s storage domain %s: disks on it are attached to %s VM(s)%s"
                            .formatted(verb, d.name(), users.size(), use == Use.RUNNING_VMS ? " that run; stop them first" : "; detach them first"),
                            users.stream().map(vm -> "VM " + vm.name() + " (" + vm.status() + ")").toList());
                }
            }
            UUID dc = to == StorageDomainStatus.Unattached ? null : in.dataCenterId() != null ? in.dataCenterId() : d.dataCenterId();
            if (!domains.changeStatus(d.id(), d.status(), to, dc, "")) {
                throw new ConflictException("storage domain %s changed state meanwhile; try again".formatted(d.name()));
            }
            return domains.get(d.id());
        }

        public Audit audit(MoveInput in, StorageDomain d) {
            return new Audit(ref(d), "Storage domain %s is %s (%s)".formatted(d.name(), d.status(), verb));
        }
    }

    /** Forgets a domain that holds no disks; what is on the storage stays. */
    record Delete(StorageDomainRepository domains, DiskRepository disks) implements Action<UUID, StorageDomain> {
        public ObjectRef target(UUID id) {
            return ref(domains.get(id));
        }

        public StorageDomain execute(UUID id) {
            StorageDomain d = domains.get(id);
            if (d.status() != StorageDomainStatus.Unattached && d.status() != StorageDomainStatus.Maintenance) {
                throw new ConflictException("storage domain %s is %s; put it into Maintenance before deleting it".formatted(d.name(), d.status()));
            }
            long n = disks.countOnDomain(id);
            if (n > 0) {
                throw new ConflictException("storage domain %s still holds %d disk(s); delete them first".formatted(d.name(), n));
            }
            domains.delete(id);
            return d;
        }

        public Audit audit(UUID id, StorageDomain d) {
            return new Audit(ref(d), "Storage domain %s was removed from the manager (its files stay on %s)".formatted(d.name(), d.describe()));
        }
    }
}
