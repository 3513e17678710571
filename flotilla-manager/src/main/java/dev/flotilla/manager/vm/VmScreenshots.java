package dev.flotilla.manager.vm;

import dev.flotilla.manager.api.ConflictException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A VM's screen as a PNG, fetched from its host on every call. Not an audited action: it changes
 * nothing, and the console asks every few seconds per visible VM.
 */
@Component
public class VmScreenshots {

    public static final String MEDIA_TYPE = "image/png";

    /** States with a QEMU process that has a display (a paused VM shows its last frame). */
    private static final Set<VmStatus> HAS_SCREEN = EnumSet.of(VmStatus.PoweringUp, VmStatus.Up, VmStatus.Paused,
            VmStatus.PoweringDown, VmStatus.MigratingFrom);

    private final VmCommands commands;
    private final VmRepository vms;
    private final Duration timeout;

    VmScreenshots(VmCommands commands, VmRepository vms, @Value("${flotilla.vm.screenshot-timeout:PT15S}") Duration timeout) {
        this.commands = commands;
        this.vms = vms;
        this.timeout = timeout;
    }

    public static boolean hasScreen(VmStatus status) {
        return HAS_SCREEN.contains(status);
    }

    /**
     * @throws dev.flotilla.manager.api.NotFoundException no such VM
     * @throws ConflictException the VM has no screen now, its host is not connected, refused or did not answer in time
     */
    public byte[] take(UUID vmId) {
        Vm vm = vms.get(vmId);
        if (!hasScreen(vm.status()) || vm.hostId() == null) {
            throw new ConflictException("VM %s is %s; only a running or paused VM has a screen".formatted(vm.name(), vm.status()));
        }
        VmCommands.Outcome outcome = await(vm, commands.screenshot(vm.hostId(), vm.id()));
        if (!outcome.ok()) {
            throw new ConflictException("no screenshot of VM %s: %s".formatted(vm.name(), outcome.message()));
        }
        if (!MEDIA_TYPE.equals(outcome.payloadType()) || outcome.payload().length == 0) {
            throw new ConflictException("no screenshot of VM %s: its host answered %d bytes of '%s' instead of a PNG"
                    .formatted(vm.name(), outcome.payload().length, outcome.payloadType()));
        }
        return outcome.payload();
    }

    private VmCommands.Outcome await(Vm vm, CompletableFuture<VmCommands.Outcome> answer) {
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Nobody waits any more: drop the pending command rather than hold it until the host disconnects.
            answer.cancel(false);
            throw new ConflictException("no screenshot of VM %s: its host did not answer within %d s".formatted(vm.name(), timeout.toSeconds()));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ConflictException("no screenshot of VM %s: %s".formatted(vm.name(), cause.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConflictException("no screenshot of VM %s: interrupted while waiting for its host".formatted(vm.name()));
        }
    }
}
