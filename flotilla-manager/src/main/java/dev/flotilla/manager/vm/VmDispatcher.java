package dev.flotilla.manager.vm;

import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * The host half of the power actions: sends the command after the database change committed and
 * waits for the agent's answer, so a refusal (missing kernel file, not enough memory, QEMU's own
 * error) reaches the caller and the event log. A command the agent does not answer in time is
 * left to monitoring: the heartbeat tells what really happened.
 */
@Component
class VmDispatcher {

    private final VmCommands commands;
    private final VmRepository vms;
    private final EventLog events;
    private final TaskScheduler timers;
    private final Clock clock;
    private final Duration commandTimeout;

    VmDispatcher(VmCommands commands, VmRepository vms, EventLog events, TaskScheduler timers, Clock clock,
                 @Value("${flotilla.vm.command-timeout:PT30S}") Duration commandTimeout) {
        this.commands = commands;
        this.vms = vms;
        this.events = events;
        this.timers = timers;
        this.clock = clock;
        this.commandTimeout = commandTimeout;
    }

    /** Sends the start to the host chosen by the scheduler; a refusal puts the VM back Down with the reason. */
    Vm start(Vm vm) {
        String failure = await(commands.start(vm.hostId(), vm));
        if (failure != null) {
            String reason = "could not start on its host: " + failure;
            vms.changeStatus(vm.id(), VmStatus.WaitForLaunch, VmStatus.Down, null, reason, clock.instant());
            events.error(ref(vm), "VM %s %s".formatted(vm.name(), reason));
            throw new ConflictException("VM %s %s".formatted(vm.name(), reason));
        }
        return vms.get(vm.id());
    }

    /**
     * Sends a power command. If the action had already recorded a new status ({@code before} differs
     * from the VM's status) and the host refuses, the VM goes back to {@code before}.
     */
    Vm send(Vm vm, VmStatus before, VmCommands.Kind kind) {
        String failure = await(commands.send(vm.hostId(), vm.id(), kind));
        if (failure != null) {
            if (vm.status() != before && vm.status().canTransitionTo(before)) {
                vms.changeStatus(vm.id(), vm.status(), before, vm.hostId(), "", clock.instant());
            }
            String message = "VM %s: %s failed: %s".formatted(vm.name(), kind.name().toLowerCase(), failure);
            events.error(ref(vm), message);
            throw new ConflictException(message);
        }
        return vms.get(vm.id());
    }

    /** With force: if the guest has not powered off after {@code timeout}, pull the plug. */
    void forceAfter(Vm vm, Duration timeout) {
        timers.schedule(() -> {
            Vm now = vms.find(vm.id()).orElse(null);
            if (now != null && now.status() == VmStatus.PoweringDown && vm.hostId().equals(now.hostId())) {
                events.warning(ref(now), "VM %s did not power off within %d s after the ACPI shutdown; powering it off"
                        .formatted(now.name(), timeout.toSeconds()));
                String failure = await(commands.send(now.hostId(), now.id(), VmCommands.Kind.STOP));
                if (failure != null) {
                    events.error(ref(now), "VM %s: forced power off failed: %s".formatted(now.name(), failure));
                }
            }
        }, clock.instant().plus(timeout));
    }

    /** Null when the agent said ok (or did not answer in time); otherwise the reason. */
    private String await(CompletableFuture<VmCommands.Outcome> future) {
        try {
            VmCommands.Outcome outcome = future.get(commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return outcome.ok() ? null : outcome.message();
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            return e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting for the host";
        }
    }

    private static ObjectRef ref(Vm vm) {
        return ObjectRef.vm(vm.id(), vm.name());
    }
}
