package dev.flotilla.manager.snapshot;

import dev.flotilla.manager.action.Action;
import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.storage.VmVolumes;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmStatus;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The database half of the snapshot actions: check the VM and its disks, then lock the snapshot
 * (status Locked) for the host's work that {@link SnapshotService} does next. Each runs under the
 * VM's lock, so two snapshot actions on one VM never interleave.
 */
@Component
class SnapshotActions {

    /** Which operation a lock is for, as the event log says it. */
    enum Verb {
        DELETE("deleted (merging its volumes)"), PREVIEW("previewed"), UNDO("left (preview undone)"), COMMIT("kept (preview committed)"),
        RESTORE("restored");

        final String said;

        Verb(String said) {
            this.said = said;
        }
    }

    record CreateInput(UUID vmId, String description) {
    }

    record LockInput(UUID vmId, UUID snapshotId, Verb verb) {
    }

    final Create create;
    final Lock lock;

    SnapshotActions(SnapshotRepository snapshots, VmRepository vms, VmVolumes volumes, SnapshotReach reach) {
        this.create = new Create(snapshots, vms, volumes);
        this.lock = new Lock(snapshots, vms, volumes, reach);
    }

    static ObjectRef ref(Vm vm) {
        return ObjectRef.vm(vm.id(), vm.name());
    }

    /** Whether the VM runs on a host that can take a live snapshot or merge. */
    static boolean live(Vm vm) {
        return (vm.status() == VmStatus.Up || vm.status() == VmStatus.Paused) && vm.hostId() != null;
    }

    /**
     * Snapshot work needs the VM Down (or, with {@code liveAllowed}, Up or Paused on its host) and no
     * other snapshot work under way; the disks it reaches are checked by {@link SnapshotReach#require}.
     */
    static void requireReady(Vm vm, SnapshotRepository snapshots, boolean liveAllowed) {
        if (vm.status() != VmStatus.Down && !(liveAllowed && live(vm))) {
            throw new ConflictException(liveAllowed
                    ? "VM %s is %s; a snapshot is taken or deleted while it is Down, Up or Paused".formatted(vm.name(), vm.status())
                    : "VM %s is %s; this is done while it is Down".formatted(vm.name(), vm.status()));
        }
        snapshots.ofVm(vm.id()).stream().filter(s -> s.status() == SnapshotStatus.Locked).findFirst().ifPresent(s -> {
            throw new ConflictException("snapshot '%s' of VM %s is Locked: another snapshot operation is under way".formatted(s.description(), vm.name()));
        });
    }

    /** The VM's attached disks; 409 when it has none. */
    static List<VmVolumes.AttachedVolume> requireDisks(Vm vm, VmVolumes volumes) {
        List<VmVolumes.AttachedVolume> disks = volumes.of(vm.id());
        if (disks.isEmpty()) {
            throw new ConflictException("VM %s has no disks to snapshot".formatted(vm.name()));
        }
        return disks;
    }

    record Create(SnapshotRepository snapshots, VmRepository vms, VmVolumes volumes) implements Action<CreateInput, Snapshot> {
        public ObjectRef target(CreateInput in) {
            return ObjectRef.vm(in.vmId(), "");
        }

        public Snapshot execute(CreateInput in) {
            String description = in.description() == null ? "" : in.description().strip();
            if (description.length() > 1024) {
                throw BadRequestException.field("description", "must be at most 1024 characters");
            }
            Vm vm = vms.get(in.vmId());
            requireReady(vm, snapshots, true);
            // a new snapshot puts an overlay on every disk
            SnapshotReach.require(new SnapshotReach.Reach(requireDisks(vm, volumes), List.of()));
            if (snapshots.ofVm(vm.id()).stream().anyMatch(s -> s.status() == SnapshotStatus.InPreview)) {
                throw new ConflictException("VM %s is previewing a snapshot; commit or undo the preview first".formatted(vm.name()));
            }
            Snapshot s = new Snapshot(UUID.randomUUID(), vm.id(), description, SnapshotStatus.Locked, "", live(vm), "", null);
            snapshots.insert(s);
            return snapshots.find(s.id()).orElseThrow();
        }

        public Audit audit(CreateInput in, Snapshot out) {
            return null; // the service writes the outcome once the host made the volumes
        }
    }

    record Lock(SnapshotRepository snapshots, VmRepository vms, VmVolumes volumes, SnapshotReach reach) implements Action<LockInput, Snapshot> {
        public ObjectRef target(LockInput in) {
            return ObjectRef.vm(in.vmId(), "");
        }

        public Snapshot execute(LockInput in) {
            Vm vm = vms.get(in.vmId());
            Snapshot s = snapshots.get(vm.id(), in.snapshotId());
            requireReady(vm, snapshots, in.verb() == Verb.DELETE);
            boolean previewing = snapshots.ofVm(vm.id()).stream().anyMatch(x -> x.status() == SnapshotStatus.InPreview);
            SnapshotStatus wanted = switch (in.verb()) {
                case UNDO, COMMIT -> SnapshotStatus.InPreview;
                default -> SnapshotStatus.OK;
            };
            if (s.status() != wanted) {
                throw new ConflictException("snapshot '%s' is %s; it can be %s only when %s".formatted(s.description(), s.status(),
                        in.verb().said, wanted));
            }
            if (wanted == SnapshotStatus.OK && previewing) {
                throw new ConflictException("VM %s is previewing a snapshot; commit or undo the preview first".formatted(vm.name()));
            }
            List<VmVolumes.AttachedVolume> attached = in.verb() == Verb.DELETE ? requireDisks(vm, volumes) : volumes.of(vm.id());
            SnapshotReach.require(reach.of(in.verb(), s, attached));
            snapshots.changeStatus(s.id(), s.status(), SnapshotStatus.Locked, "");
            return snapshots.find(s.id()).orElseThrow();
        }

        public Audit audit(LockInput in, Snapshot out) {
            return null;
        }
    }
}
