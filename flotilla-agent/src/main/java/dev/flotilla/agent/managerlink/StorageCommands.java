package dev.flotilla.agent.managerlink;

import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.driver.HypervisorDriver;
import dev.flotilla.agent.driver.VmDefinition;
import dev.flotilla.agent.storage.DomainVolumes;
import dev.flotilla.agent.storage.MoveTargets;
import dev.flotilla.agent.storage.StorageConnection;
import dev.flotilla.agent.storage.StorageException;
import dev.flotilla.agent.storage.StorageProbe;
import dev.flotilla.agent.storage.VolumeInfo;
import dev.flotilla.agent.storage.VolumeRef;
import dev.flotilla.agent.storage.VolumeStore;
import dev.flotilla.agent.storage.VolumeChains;
import dev.flotilla.protocol.v1.ChainOverlay;
import dev.flotilla.protocol.v1.CreateOverlays;
import dev.flotilla.protocol.v1.CreateVolume;
import dev.flotilla.protocol.v1.LiveMove;
import dev.flotilla.protocol.v1.MergeVolume;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleConsumer;
import dev.flotilla.protocol.v1.DeleteVolume;
import dev.flotilla.protocol.v1.ProbeStorage;
import dev.flotilla.protocol.v1.ResizeVolume;
import dev.flotilla.protocol.v1.StorageAnswer;

/**
 * The manager's storage commands on this host: probe a domain, make, grow and remove volumes.
 * After a change on a file domain the answer carries the domain's new free space, so the manager's
 * figures follow every disk made or removed without a probe of its own.
 */
final class StorageCommands {

    /** A merge copies a whole volume: allowed a slow 20 MiB/s over a 10 GiB disk. */
    private static final Duration MERGE_TIMEOUT = Duration.ofMinutes(10);

    private final StorageProbe probe;
    private final VolumeStore volumes;
    private final VolumeChains chains;
    private final MoveTargets moves = new MoveTargets();
    private final DomainVolumes listing = new DomainVolumes(new dev.flotilla.agent.storage.VolumeTool());

    StorageCommands(StorageProbe probe, VolumeStore volumes, VolumeChains chains) {
        this.probe = probe;
        this.volumes = volumes;
        this.chains = chains;
    }

    /**
     * Offline overlays (a snapshot of a VM that is down, a preview, thin VMs over a template): all
     * or nothing, the ones made are removed when a later one fails.
     */
    StorageAnswer overlays(CreateOverlays command, HypervisorDriver driver) throws DriverException {
        List<Runnable> undo = new ArrayList<>();
        List<HypervisorDriver.LiveOverlay> live = new ArrayList<>();
        StorageConnection domain = null;
        try {
            for (ChainOverlay o : command.getOverlaysList()) {
                domain = StorageWire.connection(o.getVolume().getDomain());
                StorageConnection at = domain;
                VolumeRef volume = StorageWire.volume(o.getVolume());
                chains.overlay(at, volume, StorageWire.volume(o.getBacking()), o.getDescription());
                live.add(new HypervisorDriver.LiveOverlay(volume.diskId().toString(), volume.volumeId().toString(), volume.location(at).uri()));
                undo.add(() -> {
                    try {
                        chains.remove(at, volume);
                    } catch (StorageException ignored) {
                        // the first failure is what the manager hears; a stray file is named by its .meta
                    }
                });
            }
            if (!command.getVmId().isEmpty()) {
                // the running VM switches to the overlays, all disks in one QMP transaction
                driver.snapshot(StorageWire.vmId(command.getVmId()), live);
            }
        } catch (DriverException | RuntimeException e) {
            undo.forEach(Runnable::run);
            throw e;
        }
        return domain == null ? StorageAnswer.newBuilder().build() : space(domain).build();
    }

    /** A full, flattened copy (templates, clones); the answer has the new volume's size. */
    StorageAnswer copy(dev.flotilla.protocol.v1.CopyVolume command, java.util.function.DoubleConsumer progress) throws DriverException {
        StorageConnection domain = StorageWire.connection(command.getTo().getDomain());
        StorageConnection source = command.getFrom().getDomain().getDomainId().equals(command.getTo().getDomain().getDomainId())
                ? domain : StorageWire.connection(command.getFrom().getDomain());
        VolumeInfo made = chains.copy(source, StorageWire.volume(command.getFrom()), domain, StorageWire.volume(command.getTo()),
                command.getDescription(), MERGE_TIMEOUT, progress);
        return space(domain).setVolume(StorageWire.size(made)).build();
    }

    /** An offline merge (the VM is down); see {@link VolumeChains#merge}. */
    StorageAnswer merge(MergeVolume command, HypervisorDriver driver) throws DriverException {
        StorageConnection domain = StorageWire.connection(command.getTop().getDomain());
        Optional<VolumeRef> child = command.hasChild() ? Optional.of(StorageWire.volume(command.getChild())) : Optional.empty();
        VolumeRef top = StorageWire.volume(command.getTop());
        VolumeRef base = StorageWire.volume(command.getBase());
        if (command.getVmId().isEmpty()) {
            chains.merge(domain, top, base, child, MERGE_TIMEOUT, p -> { });
        } else {
            // live: the files are marked, QEMU commits (and pivots when top is active), then top's files go
            if (chains.beginLiveMerge(domain, top, base)) {
                driver.merge(StorageWire.vmId(command.getVmId()), top.diskId().toString(), top.volumeId().toString(),
                        base.volumeId().toString(), base.location(domain).uri(), p -> { });
            }
            chains.endLiveMerge(domain, top, base, child);
        }
        return space(domain).build();
    }

    /**
     * A live disk move (see {@link MoveTargets} and the driver's moveDisk): the target volumes are
     * made, QEMU mirrors and pivots, and only a failure removes the target volumes again. The source
     * volumes stay: the manager removes them once it recorded the move.
     */
    StorageAnswer liveMove(LiveMove command, HypervisorDriver driver, DoubleConsumer progress) throws DriverException {
        if (command.getFromCount() == 0 || command.getFromCount() != command.getToCount()) {
            throw new DriverException(DriverException.Code.INVALID_SPEC, "a live move names each volume of the disk once on each side");
        }
        StorageConnection source = StorageWire.connection(command.getFrom(0).getDomain());
        StorageConnection target = StorageWire.connection(command.getTo(0).getDomain());
        List<VolumeRef> from = new ArrayList<>();
        List<VolumeRef> to = new ArrayList<>();
        List<VmDefinition.Backing> opened = new ArrayList<>();
        for (int i = 0; i < command.getFromCount(); i++) {
            from.add(StorageWire.volume(command.getFrom(i)));
            VolumeRef t = StorageWire.volume(command.getTo(i));
            to.add(t);
            opened.add(new VmDefinition.Backing(t.volumeId().toString(), t.location(target).uri(), t.format().qemuName()));
        }
        // with volumes under the active one, their copy is the first half of the work
        double copyShare = from.size() > 1 ? 0.5 : 0;
        moves.prepare(source, from, target, to, command.getDescription(), MERGE_TIMEOUT, p -> progress.accept(p * copyShare));
        try {
            // a target LUN behind CHAP: QEMU logs in as the domain does (qemu-img did already, with the same login)
            HypervisorDriver.ChapLogin login = target instanceof StorageConnection.Iscsi i && i.chap().isPresent()
                    ? new HypervisorDriver.ChapLogin(i.chap().get().user(), i.chap().get().secret()) : HypervisorDriver.ChapLogin.NONE;
            driver.moveDisk(StorageWire.vmId(command.getVmId()), command.getDiskId(), opened, login,
                    p -> progress.accept(copyShare * 100 + p * (1 - copyShare)));
        } catch (DriverException | RuntimeException e) {
            try {
                moves.remove(target, to);
            } catch (StorageException ignored) {
                // the move's own failure is what the manager hears; a stray file is named by its .meta
            }
            throw e;
        }
        return space(target).build();
    }

    StorageAnswer probe(ProbeStorage command) throws DriverException {
        return StorageWire.report(probe.probe(StorageWire.connection(command.getDomain()))).build();
    }

    /** What a file domain holds, for an import into a manager that never knew it; see {@link DomainVolumes}. */
    StorageAnswer listVolumes(dev.flotilla.protocol.v1.ListVolumes command) throws DriverException {
        StorageAnswer.Builder answer = StorageAnswer.newBuilder();
        List<DomainVolumes.Found> found = listing.list(StorageWire.connection(command.getDomain()));
        for (DomainVolumes.Found f : found) {
            var v = dev.flotilla.protocol.v1.FoundVolume.newBuilder().setDiskId(f.diskId()).setVolumeId(f.volumeId())
                    .setFormat(f.format()).setSizeBytes(f.sizeBytes()).setParent(f.parent()).setDescription(f.description())
                    .setProblem(f.problem());
            f.actualBytes().ifPresent(v::setActualBytes);
            answer.addFoundVolumes(v);
        }
        return answer.setSummary(found.size() + " volumes found").build();
    }

    StorageAnswer create(CreateVolume command) throws DriverException {
        StorageConnection domain = StorageWire.connection(command.getVolume().getDomain());
        VolumeRef ref = StorageWire.volume(command.getVolume());
        VolumeInfo made = volumes.create(domain, ref, command.getSizeBytes(), command.getDescription());
        return space(domain).setVolume(StorageWire.size(made)).build();
    }

    StorageAnswer resize(ResizeVolume command) throws DriverException {
        StorageConnection domain = StorageWire.connection(command.getVolume().getDomain());
        VolumeInfo grown = volumes.resize(domain, StorageWire.volume(command.getVolume()), command.getSizeBytes(), command.getDescription());
        return space(domain).setVolume(StorageWire.size(grown)).build();
    }

    StorageAnswer delete(DeleteVolume command) throws DriverException {
        StorageConnection domain = StorageWire.connection(command.getVolume().getDomain());
        volumes.delete(domain, StorageWire.volume(command.getVolume()));
        return space(domain).build();
    }

    /** The domain's space now; iSCSI LUNs do not change size with their content, so it is not asked. */
    private StorageAnswer.Builder space(StorageConnection domain) {
        if (domain instanceof StorageConnection.Iscsi) {
            return StorageAnswer.newBuilder();
        }
        try {
            return StorageWire.report(probe.probe(domain));
        } catch (StorageException e) {
            // the change itself succeeded; the figures come with the next command or probe
            return StorageAnswer.newBuilder().setSummary("space unknown: " + e.getMessage());
        }
    }
}
