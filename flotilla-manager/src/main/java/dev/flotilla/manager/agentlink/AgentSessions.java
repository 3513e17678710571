package dev.flotilla.manager.agentlink;

import dev.flotilla.manager.storage.Disk;
import dev.flotilla.manager.storage.StorageAnswer;
import dev.flotilla.manager.storage.StorageCommands;
import dev.flotilla.manager.storage.StorageDomain;
import dev.flotilla.manager.storage.TransferCommands;
import dev.flotilla.manager.storage.VmVolumes;
import dev.flotilla.manager.storage.VolumeCopies;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmCommands;
import dev.flotilla.protocol.v1.Command;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.CreateVolume;
import dev.flotilla.protocol.v1.DeleteVolume;
import dev.flotilla.protocol.v1.ProbeStorage;
import dev.flotilla.protocol.v1.ResizeVolume;
import dev.flotilla.protocol.v1.VmSpec;
import dev.flotilla.protocol.v1.MigrateVm;
import dev.flotilla.protocol.v1.OpenConsole;
import dev.flotilla.protocol.v1.StartVm;
import dev.flotilla.protocol.v1.VmAction;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** The open stream of every connected host, and the commands the VM and storage features send through them. */
@Component
class AgentSessions implements VmCommands, StorageCommands, TransferCommands, dev.flotilla.manager.storage.CdromCommands,
        dev.flotilla.manager.fencing.PowerCommands, dev.flotilla.manager.storage.DiskPlugCommands,
        dev.flotilla.manager.storage.VolumeCopies {

    private final Map<UUID, AgentSession> sessions = new ConcurrentHashMap<>();
    private final VmVolumes volumes;

    AgentSessions(VmVolumes volumes) {
        this.volumes = volumes;
    }

    /** Registers a new stream; an older stream of the same host is closed. */
    void open(AgentSession session) {
        AgentSession old = sessions.put(session.hostId(), session);
        if (old != null && old != session) {
            old.supersede();
        }
    }

    /** True when this was the host's current session (a superseded one closing changes nothing). */
    boolean close(AgentSession session, String why) {
        session.closed(why);
        return sessions.remove(session.hostId(), session);
    }

    Optional<AgentSession> get(UUID hostId) {
        return Optional.ofNullable(sessions.get(hostId));
    }

    int count() {
        return sessions.size();
    }

    @Override
    public CompletableFuture<Outcome> start(UUID hostId, Vm vm) {
        return send(hostId, Command.newBuilder().setStartVm(StartVm.newBuilder().setSpec(spec(vm))));
    }

    /** The VM's spec with its disks, as a host runs it (a start, or the destination of a migration: same devices). */
    private VmSpec spec(Vm vm) {
        VmSpec.Builder spec = ProtocolTranslation.spec(vm).toBuilder().setDeviceLayout(volumes.deviceLayout(vm.id()));
        volumes.of(vm.id()).forEach(v -> spec.addDisks(StorageTranslation.disk(v)));
        volumes.cdrom(vm.id()).ifPresent(c -> spec.addDisks(StorageTranslation.cdrom(c)));
        return spec.build();
    }

    @Override
    public CompletableFuture<Outcome> send(UUID hostId, UUID vmId, Kind kind) {
        VmAction action = VmAction.newBuilder().setVmId(vmId.toString()).build();
        Command.Builder c = Command.newBuilder();
        switch (kind) {
            case SHUTDOWN -> c.setShutdownVm(action);
            case STOP -> c.setStopVm(action);
            case REBOOT -> c.setRebootVm(action);
            case PAUSE -> c.setPauseVm(action);
            case RESUME -> c.setResumeVm(action);
        }
        return send(hostId, c);
    }

    @Override
    public CompletableFuture<Outcome> screenshot(UUID hostId, UUID vmId) {
        return send(hostId, Command.newBuilder().setScreenshotVm(VmAction.newBuilder().setVmId(vmId.toString())));
    }

    @Override
    public CompletableFuture<Outcome> prepareIncoming(UUID hostId, Vm vm, boolean postCopy) {
        return send(hostId, Command.newBuilder().setPrepareIncoming(StartVm.newBuilder().setSpec(spec(vm))
                .setIncomingPostCopy(postCopy)));
    }

    @Override
    public CompletableFuture<Outcome> migrate(UUID hostId, UUID vmId, String targetAddress, int targetPort, MigrationParameters parameters) {
        return send(hostId, Command.newBuilder().setMigrateVm(MigrateVm.newBuilder().setVmId(vmId.toString())
                .setTargetAddress(targetAddress).setTargetPort(targetPort).setParameters(ProtocolTranslation.parameters(parameters))));
    }

    @Override
    public CompletableFuture<Outcome> prepareMigration(UUID hostId, UUID vmId, MigrationParameters parameters) {
        return send(hostId, Command.newBuilder().setPrepareMigration(MigrateVm.newBuilder().setVmId(vmId.toString())
                .setParameters(ProtocolTranslation.parameters(parameters))));
    }

    @Override
    public CompletableFuture<Outcome> cancelMigration(UUID hostId, UUID vmId) {
        return send(hostId, Command.newBuilder().setCancelMigration(VmAction.newBuilder().setVmId(vmId.toString())));
    }

    @Override
    public CompletableFuture<Outcome> openConsole(UUID hostId, UUID vmId, String sessionId) {
        return send(hostId, Command.newBuilder().setOpenConsole(OpenConsole.newBuilder().setVmId(vmId.toString()).setSessionId(sessionId)));
    }

    @Override
    public CompletableFuture<StorageAnswer> probe(UUID hostId, StorageDomain domain) {
        return storage(hostId, Command.newBuilder().setProbeStorage(ProbeStorage.newBuilder().setDomain(StorageTranslation.domain(domain))));
    }

    @Override
    public CompletableFuture<dev.flotilla.manager.storage.DomainImport.Listing> listVolumes(UUID hostId, StorageDomain domain) {
        return result(hostId, Command.newBuilder().setListVolumes(dev.flotilla.protocol.v1.ListVolumes.newBuilder()
                .setDomain(StorageTranslation.domain(domain))), "the host").thenApply(StorageTranslation::listing);
    }

    @Override
    public CompletableFuture<StorageAnswer> createVolume(UUID hostId, StorageDomain domain, Disk disk) {
        return storage(hostId, Command.newBuilder().setCreateVolume(CreateVolume.newBuilder()
                .setVolume(StorageTranslation.volume(domain, disk)).setSizeBytes(disk.sizeBytes()).setDescription(disk.description())));
    }

    @Override
    public CompletableFuture<StorageAnswer> resizeVolume(UUID hostId, StorageDomain domain, Disk disk, long sizeBytes) {
        return storage(hostId, Command.newBuilder().setResizeVolume(ResizeVolume.newBuilder()
                .setVolume(StorageTranslation.volume(domain, disk)).setSizeBytes(sizeBytes).setDescription(disk.description())));
    }

    @Override
    public CompletableFuture<StorageAnswer> deleteVolume(UUID hostId, StorageDomain domain, Disk disk) {
        return storage(hostId, Command.newBuilder().setDeleteVolume(DeleteVolume.newBuilder().setVolume(StorageTranslation.volume(domain, disk))));
    }

    @Override
    public CompletableFuture<TransferAnswer> write(UUID hostId, UUID transferId, String sessionId, long offset, long totalBytes) {
        return transfer(hostId, Command.newBuilder().setTransferWrite(dev.flotilla.protocol.v1.TransferWrite.newBuilder()
                .setTransferId(transferId.toString()).setSessionId(sessionId).setOffset(offset).setTotalBytes(totalBytes)));
    }

    @Override
    public CompletableFuture<TransferAnswer> finish(UUID hostId, UUID transferId, StorageDomain domain, Disk disk, boolean iso, long totalBytes) {
        return transfer(hostId, Command.newBuilder().setTransferFinish(dev.flotilla.protocol.v1.TransferFinish.newBuilder()
                .setTransferId(transferId.toString()).setVolume(StorageTranslation.volume(domain, disk)).setContent(iso ? "iso" : "disk")
                .setDescription(disk.description()).setTotalBytes(totalBytes)));
    }

    @Override
    public CompletableFuture<TransferAnswer> cancel(UUID hostId, UUID transferId) {
        return transfer(hostId, Command.newBuilder().setTransferCancel(dev.flotilla.protocol.v1.TransferCancel.newBuilder()
                .setTransferId(transferId.toString())));
    }

    @Override
    public CompletableFuture<TransferAnswer> read(UUID hostId, String sessionId, StorageDomain domain, Disk disk) {
        return transfer(hostId, Command.newBuilder().setTransferRead(dev.flotilla.protocol.v1.TransferRead.newBuilder()
                .setSessionId(sessionId).setVolume(StorageTranslation.volume(domain, disk))));
    }

    @Override
    public CompletableFuture<dev.flotilla.manager.storage.CdromCommands.CdromAnswer> changeCdrom(UUID hostId, UUID vmId,
                                                                                            Optional<VmVolumes.CdromVolume> iso) {
        dev.flotilla.protocol.v1.CdromChange.Builder change = dev.flotilla.protocol.v1.CdromChange.newBuilder().setVmId(vmId.toString());
        iso.ifPresent(c -> change.setCdrom(StorageTranslation.cdrom(c)));
        return result(hostId, Command.newBuilder().setChangeCdrom(change), "the VM's host")
                .thenApply(r -> new dev.flotilla.manager.storage.CdromCommands.CdromAnswer(r.getOk(), r.getErrorMessage()));
    }

    @Override
    public CompletableFuture<PlugAnswer> plug(UUID hostId, UUID vmId, VmVolumes.AttachedVolume disk) {
        return result(hostId, Command.newBuilder().setPlugDisk(dev.flotilla.protocol.v1.DiskPlug.newBuilder().setVmId(vmId.toString())
                .setDisk(StorageTranslation.disk(disk))), "the VM's host").thenApply(r -> new PlugAnswer(r.getOk(), r.getErrorMessage()));
    }

    @Override
    public CompletableFuture<PlugAnswer> unplug(UUID hostId, UUID vmId, UUID diskId) {
        return result(hostId, Command.newBuilder().setUnplugDisk(dev.flotilla.protocol.v1.DiskUnplug.newBuilder().setVmId(vmId.toString())
                .setDiskId(diskId.toString())), "the VM's host").thenApply(r -> new PlugAnswer(r.getOk(), r.getErrorMessage()));
    }

    private CompletableFuture<TransferAnswer> transfer(UUID hostId, Command.Builder command) {
        return result(hostId, command, "the host").thenApply(r -> new TransferAnswer(StorageTranslation.answer(r), r.getStorage().getStagedBytes()));
    }

    @Override
    public CompletableFuture<StorageAnswer> createOverlays(UUID hostId, UUID vmId, java.util.List<Overlay> overlays) {
        var c = dev.flotilla.protocol.v1.CreateOverlays.newBuilder().setVmId(vmId == null ? "" : vmId.toString());
        overlays.forEach(o -> c.addOverlays(dev.flotilla.protocol.v1.ChainOverlay.newBuilder()
                .setVolume(StorageTranslation.volume(o.domain(), o.volume())).setBacking(StorageTranslation.volume(o.domain(), o.backing()))
                .setDescription(o.description())));
        return storage(hostId, Command.newBuilder().setCreateOverlays(c));
    }

    @Override
    public CompletableFuture<StorageAnswer> mergeVolume(UUID hostId, UUID vmId, StorageDomain domain, dev.flotilla.manager.storage.Volume top,
                                                        dev.flotilla.manager.storage.Volume base, dev.flotilla.manager.storage.Volume child) {
        var m = dev.flotilla.protocol.v1.MergeVolume.newBuilder().setVmId(vmId == null ? "" : vmId.toString())
                .setTop(StorageTranslation.volume(domain, top)).setBase(StorageTranslation.volume(domain, base));
        if (child != null) {
            m.setChild(StorageTranslation.volume(domain, child));
        }
        return storage(hostId, Command.newBuilder().setMergeVolume(m));
    }

    @Override
    public CompletableFuture<StorageAnswer> copyVolume(UUID hostId, StorageDomain domain, dev.flotilla.manager.storage.Volume from,
                                                       dev.flotilla.manager.storage.Volume to, String description) {
        return storage(hostId, Command.newBuilder().setCopyVolume(dev.flotilla.protocol.v1.CopyVolume.newBuilder()
                .setFrom(StorageTranslation.volume(domain, from)).setTo(StorageTranslation.volume(domain, to)).setDescription(description)));
    }

    @Override
    public CompletableFuture<StorageAnswer> copy(UUID hostId, VolumeCopies.Place from, VolumeCopies.Place to, String description,
                                                 java.util.function.DoubleConsumer progress) {
        AgentSession session = hostId == null ? null : sessions.get(hostId);
        if (session == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the host is not connected to the manager"));
        }
        return session.command(Command.newBuilder().setCopyVolume(dev.flotilla.protocol.v1.CopyVolume.newBuilder()
                .setFrom(StorageTranslation.volume(from)).setTo(StorageTranslation.volume(to))
                .setDescription(description)), progress).thenApply(StorageTranslation::answer);
    }

    @Override
    public CompletableFuture<StorageAnswer> liveMove(UUID hostId, UUID vmId, UUID diskId, StorageDomain fromDomain, Integer fromLun,
                                                     StorageDomain toDomain, Integer toLun, java.util.List<dev.flotilla.manager.storage.Volume> volumes,
                                                     String description, java.util.function.DoubleConsumer progress) {
        AgentSession session = hostId == null ? null : sessions.get(hostId);
        if (session == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the VM's host is not connected to the manager"));
        }
        var move = dev.flotilla.protocol.v1.LiveMove.newBuilder().setVmId(vmId.toString()).setDiskId(diskId.toString()).setDescription(description);
        volumes.forEach(v -> move.addFrom(StorageTranslation.volume(new VolumeCopies.Place(fromDomain, v, fromLun)))
                .addTo(StorageTranslation.volume(new VolumeCopies.Place(toDomain, v, toLun))));
        return session.command(Command.newBuilder().setLiveMove(move), progress).thenApply(StorageTranslation::answer);
    }

    @Override
    public CompletableFuture<StorageAnswer> cancelLiveMove(UUID hostId, UUID vmId, UUID diskId) {
        return storage(hostId, Command.newBuilder().setCancelLiveMove(dev.flotilla.protocol.v1.LiveMoveCancel.newBuilder()
                .setVmId(vmId.toString()).setDiskId(diskId.toString())));
    }

    @Override
    public CompletableFuture<StorageAnswer> removeVolume(UUID hostId, StorageDomain domain, dev.flotilla.manager.storage.Volume volume) {
        return storage(hostId, Command.newBuilder().setDeleteVolume(DeleteVolume.newBuilder().setVolume(StorageTranslation.volume(domain, volume))));
    }

    @Override
    public CompletableFuture<FenceResult> fence(UUID proxyHostId, FenceRequest request) {
        return result(proxyHostId, Command.newBuilder().setPowerFence(PowerTranslation.fence(request)), "the fence proxy")
                .thenApply(PowerTranslation::result);
    }

    private CompletableFuture<Outcome> send(UUID hostId, Command.Builder command) {
        return result(hostId, command, "the VM's host").thenApply(r -> new Outcome(r.getOk(), r.getErrorCode(), r.getErrorMessage(),
                r.getPayload().toByteArray(), r.getPayloadType(), r.getIncomingPort(),
                r.hasMigration() ? ProtocolTranslation.figures(r.getMigration()) : null));
    }

    private CompletableFuture<StorageAnswer> storage(UUID hostId, Command.Builder command) {
        return result(hostId, command, "the host").thenApply(StorageTranslation::answer);
    }

    private CompletableFuture<CommandResult> result(UUID hostId, Command.Builder command, String who) {
        AgentSession session = hostId == null ? null : sessions.get(hostId);
        if (session == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(who + " is not connected to the manager"));
        }
        return session.command(command);
    }
}
