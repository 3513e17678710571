package dev.flotilla.agent.managerlink;

import com.google.protobuf.ByteString;
import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.driver.HypervisorDriver;
import dev.flotilla.agent.driver.Png;
import dev.flotilla.agent.power.FenceAgentRunner;
import dev.flotilla.agent.power.FenceOutcome;
import dev.flotilla.agent.storage.StorageException;
import dev.flotilla.protocol.v1.AgentMessage;
import dev.flotilla.protocol.v1.Command;
import dev.flotilla.protocol.v1.MigrateVm;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.StorageAnswer;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the manager's commands on the driver. Driver calls block (a QEMU start takes seconds), so
 * they never run on a gRPC thread; commands for one VM run one after another in arrival order
 * (a stop sent right after a start must not overtake it), different VMs in parallel.
 */
final class CommandRunner {

    private static final Logger LOG = Logger.getLogger(CommandRunner.class.getName());
    /**
     * The largest payload a result carries. A result is one gRPC message; the manager accepts
     * 16 MiB (see AgentLinkServer), so this leaves room and still fits a 4K screen's PNG.
     */
    static final int MAX_PAYLOAD_BYTES = 8 * 1024 * 1024;

    private final HypervisorDriver driver;
    private final ConsoleTunnels consoles;
    private final StorageCommands storage;
    private final ImageTransfers transfers;
    private final Consumer<AgentMessage> notices;
    private final Executor executor;
    private final FenceAgentRunner fenceAgent = FenceAgentRunner.installed();
    /** The last queued task per VM; the next one for that VM chains behind it. */
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    /** @param notices where messages a command sends while it runs go (a migration's progress) */
    CommandRunner(HypervisorDriver driver, ConsoleTunnels consoles, StorageCommands storage, ImageTransfers transfers,
                  Consumer<AgentMessage> notices, Executor executor) {
        this.driver = driver;
        this.consoles = consoles;
        this.storage = storage;
        this.transfers = transfers;
        this.notices = notices;
        this.executor = executor;
    }

    void submit(Command command, Consumer<CommandResult> reply) {
        String key = vmKey(command);
        CompletableFuture<Void> queued = tails.compute(key, (k, tail) ->
                (tail == null ? CompletableFuture.<Void>completedFuture(null) : tail)
                        .thenRunAsync(() -> {
                            CommandResult result = run(command);
                            reply.accept(result);
                            afterReply(command, result);
                        }, executor)
                        .exceptionally(t -> {
                            LOG.log(Level.WARNING, "answering command " + command.getCommandId() + " failed", t);
                            return null;
                        }));
        queued.whenComplete((v, t) -> tails.remove(key, queued));
    }

    CommandResult run(Command command) {
        CommandResult.Builder result = CommandResult.newBuilder().setCommandId(command.getCommandId());
        try {
            switch (command.getActionCase()) {
                case START_VM -> driver.start(Wire.definition(command.getStartVm().getSpec()));
                case SHUTDOWN_VM -> driver.shutdown(vm(command.getShutdownVm().getVmId()));
                case STOP_VM -> driver.powerOff(vm(command.getStopVm().getVmId()));
                case REBOOT_VM -> driver.reboot(vm(command.getRebootVm().getVmId()));
                case PAUSE_VM -> driver.pause(vm(command.getPauseVm().getVmId()));
                case RESUME_VM -> driver.resume(vm(command.getResumeVm().getVmId()));
                case SCREENSHOT_VM -> result.setPayload(payload(driver.screenshot(vm(command.getScreenshotVm().getVmId()))))
                        .setPayloadType(Png.MEDIA_TYPE);
                case OPEN_CONSOLE -> consoles.open(command.getOpenConsole());
                case PROBE_STORAGE -> result.setStorage(storage.probe(command.getProbeStorage()));
                case LIST_VOLUMES -> result.setStorage(storage.listVolumes(command.getListVolumes()));
                case CREATE_VOLUME -> result.setStorage(storage.create(command.getCreateVolume()));
                case RESIZE_VOLUME -> result.setStorage(storage.resize(command.getResizeVolume()));
                case DELETE_VOLUME -> result.setStorage(storage.delete(command.getDeleteVolume()));
                case CHANGE_CDROM -> driver.changeCdrom(vm(command.getChangeCdrom().getVmId()), command.getChangeCdrom().hasCdrom()
                        ? java.util.Optional.of(StorageWire.disk(command.getChangeCdrom().getCdrom())) : java.util.Optional.empty());
                case TRANSFER_WRITE -> result.setStorage(transfers.write(command.getTransferWrite()));
                case TRANSFER_FINISH -> result.setStorage(transfers.finish(command.getTransferFinish()));
                case TRANSFER_CANCEL -> result.setStorage(transfers.cancel(command.getTransferCancel()));
                case TRANSFER_READ -> result.setStorage(transfers.read(command.getTransferRead()));
                case CREATE_OVERLAYS -> result.setStorage(storage.overlays(command.getCreateOverlays(), driver));
                case MERGE_VOLUME -> result.setStorage(storage.merge(command.getMergeVolume(), driver));
                case COPY_VOLUME -> result.setStorage(storage.copy(command.getCopyVolume(), new ProgressNotices(command.getCommandId(), notices)));
                case LIVE_MOVE -> result.setStorage(storage.liveMove(command.getLiveMove(), driver, new ProgressNotices(command.getCommandId(), notices)));
                case CANCEL_LIVE_MOVE -> driver.cancelMove(vm(command.getCancelLiveMove().getVmId()), command.getCancelLiveMove().getDiskId());
                case PLUG_DISK -> driver.plugDisk(vm(command.getPlugDisk().getVmId()), StorageWire.disk(command.getPlugDisk().getDisk()));
                case UNPLUG_DISK -> driver.unplugDisk(vm(command.getUnplugDisk().getVmId()), command.getUnplugDisk().getDiskId());
                case PREPARE_INCOMING -> result.setIncomingPort(driver.prepareIncoming(
                        Wire.definition(command.getPrepareIncoming().getSpec()), command.getPrepareIncoming().getIncomingPostCopy()));
                case MIGRATE_VM -> {
                    MigrateVm m = command.getMigrateVm();
                    result.setMigration(Wire.outcome(driver.migrate(vm(m.getVmId()), m.getTargetAddress(), m.getTargetPort(),
                            Wire.settings(m.getParameters()), p -> notices.accept(AgentMessage.newBuilder().setMigrationStatus(Wire.status(p)).build()))));
                }
                case PREPARE_MIGRATION -> driver.prepareMigration(vm(command.getPrepareMigration().getVmId()),
                        Wire.settings(command.getPrepareMigration().getParameters()));
                case CANCEL_MIGRATION -> driver.cancelMigration(vm(command.getCancelMigration().getVmId()));
                case POWER_FENCE -> {
                    FenceOutcome fenced = fenceAgent.run(PowerWire.call(command.getPowerFence()));
                    result.setPower(PowerWire.outcome(fenced));
                    if (!fenced.ok()) {
                        return result.setOk(false).setErrorCode("FENCE_FAILED").setErrorMessage(fenced.output()).build();
                    }
                }
                default -> throw new DriverException(DriverException.Code.INVALID_SPEC,
                        "this agent does not know the command " + command.getActionCase() + "; upgrade the agent");
            }
            return result.setOk(true).build();
        } catch (StorageException e) {
            // the kind of failure lets the manager tell a wrong export from an unreachable server
            return result.setOk(false).setErrorCode(e.code().name()).setErrorMessage(e.getMessage())
                    .setStorage(StorageAnswer.newBuilder().setProblem(e.problem().name())).build();
        } catch (DriverException e) {
            return result.setOk(false).setErrorCode(e.code().name()).setErrorMessage(e.getMessage()).build();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the driver failed on command " + command.getCommandId(), e);
            return result.setOk(false).setErrorCode(DriverException.Code.DRIVER_FAILURE.name())
                    .setErrorMessage("the " + driver.name() + " driver failed: " + e).build();
        }
    }

    /**
     * What a command leaves to do once the manager has its answer; it runs in the VM's queue, so
     * the VM's next command still waits for it. A completed migration's source copy ends here.
     */
    private void afterReply(Command command, CommandResult result) {
        if (command.getActionCase() == Command.ActionCase.MIGRATE_VM && result.getOk()) {
            driver.endMigratedAway(UUID.fromString(command.getMigrateVm().getVmId()));
        }
    }

    private static ByteString payload(byte[] bytes) throws DriverException {
        if (bytes.length > MAX_PAYLOAD_BYTES) {
            throw new DriverException(DriverException.Code.DRIVER_FAILURE, "the screenshot is %.1f MiB, more than the %d MiB a command result may carry"
                    .formatted(bytes.length / (1024.0 * 1024), MAX_PAYLOAD_BYTES / (1024 * 1024)));
        }
        return ByteString.copyFrom(bytes);
    }

    private static UUID vm(String id) throws DriverException {
        return Wire.vmId(id);
    }

    private static String vmKey(Command command) {
        return switch (command.getActionCase()) {
            case START_VM -> command.getStartVm().getSpec().getVmId();
            case SHUTDOWN_VM -> command.getShutdownVm().getVmId();
            case STOP_VM -> command.getStopVm().getVmId();
            case REBOOT_VM -> command.getRebootVm().getVmId();
            case PAUSE_VM -> command.getPauseVm().getVmId();
            case RESUME_VM -> command.getResumeVm().getVmId();
            // Own queue: a screenshot only reads, so it neither waits behind a slow start nor delays a stop.
            case SCREENSHOT_VM -> "screenshot:" + command.getScreenshotVm().getVmId();
            // Own queue: a console opens while a long command of its VM is still running.
            case OPEN_CONSOLE -> "console:" + command.getOpenConsole().getVmId();
            // Storage: a probe never waits behind a long raw preallocation; commands of one disk run in order.
            case PROBE_STORAGE -> "probe:" + command.getProbeStorage().getDomain().getDomainId();
            case LIST_VOLUMES -> "probe:" + command.getListVolumes().getDomain().getDomainId();
            case CREATE_VOLUME -> "disk:" + command.getCreateVolume().getVolume().getDiskId();
            case RESIZE_VOLUME -> "disk:" + command.getResizeVolume().getVolume().getDiskId();
            case DELETE_VOLUME -> "disk:" + command.getDeleteVolume().getVolume().getDiskId();
            case CHANGE_CDROM -> command.getChangeCdrom().getVmId();
            // Transfers: one upload's ranges and its finish in order; a cancel never waits behind them.
            case TRANSFER_WRITE -> "transfer:" + command.getTransferWrite().getTransferId();
            case TRANSFER_FINISH -> "transfer:" + command.getTransferFinish().getTransferId();
            case TRANSFER_CANCEL -> "cancel-transfer:" + command.getTransferCancel().getTransferId();
            case TRANSFER_READ -> "download:" + command.getTransferRead().getSessionId();
            // Chain work runs in its VM's queue (never beside a start of that VM), else in its disk's.
            case CREATE_OVERLAYS -> command.getCreateOverlays().getVmId().isEmpty()
                    ? "disk:" + (command.getCreateOverlays().getOverlaysCount() == 0 ? "" : command.getCreateOverlays().getOverlays(0).getVolume().getDiskId())
                    : command.getCreateOverlays().getVmId();
            case COPY_VOLUME -> "disk:" + command.getCopyVolume().getTo().getDiskId();
            case MERGE_VOLUME -> command.getMergeVolume().getVmId().isEmpty()
                    ? "disk:" + command.getMergeVolume().getTop().getDiskId() : command.getMergeVolume().getVmId();
            case LIVE_MOVE -> command.getLiveMove().getVmId();
            // Own queue: a cancel must not wait behind the move it cancels.
            case CANCEL_LIVE_MOVE -> "cancel-move:" + command.getCancelLiveMove().getVmId();
            case PLUG_DISK -> command.getPlugDisk().getVmId();
            case UNPLUG_DISK -> command.getUnplugDisk().getVmId();
            case PREPARE_INCOMING -> command.getPrepareIncoming().getSpec().getVmId();
            case MIGRATE_VM -> command.getMigrateVm().getVmId();
            case PREPARE_MIGRATION -> command.getPrepareMigration().getVmId();
            // Own queue: a cancel must not wait behind the migration it cancels.
            case CANCEL_MIGRATION -> "cancel:" + command.getCancelMigration().getVmId();
            // One BMC at a time: a status read must not race an off on the same BMC.
            case POWER_FENCE -> "fence:" + command.getPowerFence().getAddress() + ":" + command.getPowerFence().getPort();
            default -> "";
        };
    }
}
