package dev.flotilla.manager.storage;

import dev.flotilla.manager.action.Action;
import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.datacenter.Names;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmStatus;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The checks and locks of moving or copying a disk to another storage domain: the disk OK, both
 * domains Active data domains of one data center, room on the target for the whole image. On an
 * iSCSI target the disk takes the smallest free LUN that holds it (a move claims it while it runs,
 * {@code lun_claim}; a copy's new disk names it at once); too small LUNs answer 409 with the figures
 * before anything is taken. A copy needs the disk not in use by a running VM. A move of a disk of a
 * VM that is Up (or Paused) is a live move, snapshots and all (the chain keeps its shape); an offline
 * move needs the disk to be one volume of its own (snapshots are named in the refusal: a copy
 * flattens them instead), and so does any move onto or off a LUN, which holds one volume. Offline
 * between two iSCSI domains behind different CHAP logins the host gives each side its own login
 * (the command carries both domains' connections). The disk is Locked while the job
 * copies it; a copy's new disk is recorded Locked on the target at once.
 */
@Component
class DiskCopyActions {

    /** The status reasons of the disks of an offline move or copy, which {@link DiskCopyRecovery} looks for at start. */
    static final String MOVING = "moving to storage domain ";
    static final String COPYING_TO = "being copied to storage domain ";
    static final String COPYING_FROM = "being copied from disk ";

    /** The states in which a VM's disk moves live: QEMU runs and the VM stays on its host. */
    static final java.util.Set<VmStatus> LIVE_MOVABLE = java.util.EnumSet.of(VmStatus.Up, VmStatus.Paused);

    final Move move;
    final Copy copy;

    DiskCopyActions(DiskRepository disks, StorageDomainRepository domains, VmRepository vms, DiskRecords templates,
                    VolumeRepository volumes, JdbcClient jdbc) {
        Checks checks = new Checks(disks, domains, vms, templates);
        this.move = new Move(checks, volumes, jdbc);
        this.copy = new Copy(checks);
    }

    /**
     * What the job needs: the disk (Locked), the domains, for a copy the new disk (Locked), for a
     * live move the VM that runs it (else null).
     */
    record Plan(Disk disk, StorageDomain source, StorageDomain target, Disk copy, Vm live, Integer targetLun) {
    }

    record MoveInput(UUID diskId, UUID storageDomainId) {
    }

    record CopyInput(UUID diskId, UUID storageDomainId, String name) {
    }

    record Checks(DiskRepository disks, StorageDomainRepository domains, VmRepository vms, DiskRecords templates) {

        Plan check(UUID diskId, UUID targetId, String verb, boolean live) {
            Disk d = disks.get(diskId);
            if (targetId == null) {
                throw BadRequestException.field("storageDomainId", "is required: the domain to %s the disk to".formatted(verb));
            }
            StorageDomain target = domains.find(targetId).orElseThrow(() -> BadRequestException.field("storageDomainId", "names no storage domain"));
            if (target.role() != StorageRole.DATA) {
                throw BadRequestException.field("storageDomainId", "names an iso domain; disks go on data domains");
            }
            StorageDomain source = domains.get(d.storageDomainId());
            if (!Objects.equals(source.dataCenterId(), target.dataCenterId())) {
                throw new ConflictException("storage domains %s and %s are not in one data center".formatted(source.name(), target.name()));
            }
            DiskActions.requireActive(source, verb + " a disk from it");
            DiskActions.requireActive(target, verb + " a disk to it");
            if (d.status() != DiskStatus.OK) {
                throw new ConflictException("disk %s is %s; only an OK disk can be %s".formatted(d.name(), d.status(), verb + "d"));
            }
            templates.templateOf(diskId).ifPresent(t -> {
                throw new ConflictException("disk %s belongs to template %s".formatted(d.name(), t));
            });
            Vm user = DiskActions.runningUser(disks, vms, diskId).orElse(null);
            if (user != null && (!live || !LIVE_MOVABLE.contains(user.status()) || user.hostId() == null)) {
                throw new ConflictException(live ? "disk %s is attached to VM %s, which is %s; a live move needs the VM Up or Paused"
                        .formatted(d.name(), user.name(), user.status())
                        : "disk %s is attached to VM %s, which is %s; stop the VM first (a live %s is not supported)"
                        .formatted(d.name(), user.name(), user.status(), verb));
            }
            long needed = d.format() == DiskFormat.RAW || d.actualBytes() == null ? d.sizeBytes() : d.actualBytes();
            Long free = target.freeBytes();
            long pending = disks.pendingRawBytes(target.id());
            if (target.type() != StorageType.ISCSI && free != null && needed > free - pending) { // on iSCSI the LUN picked must hold it
                throw new ConflictException("storage domain %s has %s free; disk %s needs %s".formatted(target.name(),
                        Bytes.human(Math.max(0, free - pending)), d.name(), Bytes.human(needed)),
                        List.of("free: " + free + " bytes", "being made on it: " + pending + " bytes", "needed: " + needed + " bytes"));
            }
            return new Plan(d, source, target, null, user, null);
        }

        /**
         * The smallest free LUN of an iSCSI target that holds the disk in its format, qcow2 metadata
         * and all (null on a file domain); 409 with the figures when none does, before anything is taken.
         */
        Integer lunFor(Plan p) {
            if (p.target().type() != StorageType.ISCSI) {
                return null;
            }
            FreeSpace.Lun pick = FreeSpace.pickLun(p.target().name(), domains.luns(p.target().id()), disks.usedLuns(p.target().id()),
                    FreeSpace.onLun(p.disk().format(), p.disk().sizeBytes()), null);
            if (pick.refusal() != null) {
                throw new ConflictException(pick.refusal().message(), pick.refusal().details());
            }
            return pick.lun().number();
        }

        void lock(Disk d, String reason) {
            if (!disks.changeStatus(d.id(), DiskStatus.OK, DiskStatus.Locked, reason)) {
                throw new ConflictException("disk %s changed meanwhile; try again".formatted(d.name()));
            }
        }
    }

    record Move(Checks checks, VolumeRepository volumes, JdbcClient jdbc) implements Action<MoveInput, Plan> {
        public ObjectRef target(MoveInput in) {
            return DiskActions.ref(checks.disks().get(in.diskId()));
        }

        public Plan execute(MoveInput in) {
            Plan p = checks.check(in.diskId(), in.storageDomainId(), "move", true);
            Disk d = p.disk();
            if (p.target().id().equals(d.storageDomainId())) {
                throw BadRequestException.field("storageDomainId", "is the domain disk %s is on already".formatted(d.name()));
            }
            List<Volume> chain = volumes.chain(d.id());
            if (chain.stream().anyMatch(v -> !v.diskId().equals(d.id()))) {
                throw new ConflictException("disk %s is a thin disk over a template's volume; copy it instead (a copy is flattened)".formatted(d.name()));
            }
            boolean onLuns = p.source().type() == StorageType.ISCSI || p.target().type() == StorageType.ISCSI;
            if ((p.live() == null || onLuns) && volumes.ofDisk(d.id()).size() > 1) {
                List<String> snapshots = jdbc.sql("""
                        select s.description from snapshot s join volume v on v.snapshot_id = s.id where v.disk_id = :d order by s.created_at""")
                        .param("d", d.id()).query(String.class).list();
                throw new ConflictException("disk %s has snapshots (%s)%s; delete them (they merge) before moving it, or copy it (a copy is flattened)"
                        .formatted(d.name(), snapshots.isEmpty() ? "a preview" : "'" + String.join("', '", snapshots) + "'",
                                onLuns ? " and an iSCSI LUN holds one volume" : ""));
            }
            Integer lun = checks.lunFor(p);
            if (lun != null) {
                if (!checks.disks().claimLun(p.target().id(), lun, d.id())) {
                    throw new ConflictException("LUN %d of storage domain %s was just taken; try again".formatted(lun, p.target().name()));
                }
            }
            checks.lock(d, (p.live() == null ? MOVING : LiveMoveSettling.MOVING_LIVE) + p.target().name());
            return new Plan(checks.disks().get(d.id()), p.source(), p.target(), null, p.live(), lun);
        }

        public Audit audit(MoveInput in, Plan p) {
            return new Audit(DiskActions.ref(p.disk()), "Disk %s is being moved%s from storage domain %s to %s"
                    .formatted(p.disk().name(), p.live() == null ? "" : " live (VM " + p.live().name() + " runs on)", p.source().name(), p.target().name()));
        }
    }

    record Copy(Checks checks) implements Action<CopyInput, Plan> {
        public ObjectRef target(CopyInput in) {
            return DiskActions.ref(checks.disks().get(in.diskId()));
        }

        public Plan execute(CopyInput in) {
            Names.problem(in.name()).ifPresent(reason -> {
                throw BadRequestException.field("name", reason);
            });
            Plan p = checks.check(in.diskId(), in.storageDomainId(), "copy", false);
            if (checks.disks().findByName(in.name()).isPresent()) {
                throw new ConflictException("a disk named %s already exists".formatted(in.name()));
            }
            Disk d = p.disk();
            Integer lun = checks.lunFor(p); // the new disk names its LUN at once: no other disk is made on it
            checks.lock(d, COPYING_TO + p.target().name());
            checks.disks().insert(new Disk(UUID.randomUUID(), in.name(), "copy of disk " + d.name(), p.target().id(), UUID.randomUUID(), lun,
                    d.format(), d.sizeBytes(), null, DiskStatus.Locked, COPYING_FROM + d.name(), 0, null));
            return new Plan(checks.disks().get(d.id()), p.source(), p.target(), checks.disks().findByName(in.name()).orElseThrow(), null, lun);
        }

        public Audit audit(CopyInput in, Plan p) {
            return new Audit(DiskActions.ref(p.disk()), "Disk %s is being copied to %s on storage domain %s"
                    .formatted(p.disk().name(), in.name(), p.target().name()));
        }
    }
}
