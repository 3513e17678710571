package dev.flotilla.manager.powersaving;

import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.fencing.Fencer;
import dev.flotilla.manager.fencing.PowerManagementRepository;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.host.HostService;
import dev.flotilla.manager.host.HostStatus;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Carries out power saving's steps through the normal fence path, on one worker thread of its
 * own (a BMC call takes seconds; the scheduler's threads and a VM start must not wait for it),
 * one host at a time. Every step and its outcome is an event on the host, and its status reason
 * says that power saving switched it.
 */
@Component
class HostPowerSwitch {

    static final String PARKED = "powered off by power saving";

    private final PowerSavingHosts table;
    private final HostRepository hosts;
    private final HostService hostService;
    private final Fencer fencer;
    private final PowerManagementRepository powerManagement;
    private final EventLog events;
    private final TransactionTemplate tx;
    /** Hosts with a step queued or running, so a second tick or a second VM start does not queue it again. */
    private final Set<UUID> busy = ConcurrentHashMap.newKeySet();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "power-saving");
        t.setDaemon(true);
        return t;
    });

    HostPowerSwitch(PowerSavingHosts table, HostRepository hosts, HostService hostService, Fencer fencer,
                    PowerManagementRepository powerManagement, EventLog events, TransactionTemplate tx) {
        this.table = table;
        this.hosts = hosts;
        this.hostService = hostService;
        this.fencer = fencer;
        this.powerManagement = powerManagement;
        this.events = events;
        this.tx = tx;
    }

    /** Queues the step unless one for the host is queued or running; false when it was. */
    boolean submit(PowerSavingRules.Step step) {
        UUID id = step.host().id();
        if (!busy.add(id)) {
            return false;
        }
        worker.execute(() -> {
            try {
                switch (step.kind()) {
                    case POWER_OFF -> powerOff(id, step.reason());
                    case POWER_ON -> powerOn(id, step.reason());
                    case ACTIVATE -> activate(id, step.reason());
                }
            } catch (RuntimeException e) {
                hosts.find(id).ifPresent(h -> events.error(ref(h), "Power saving: %s of host %s failed: %s".formatted(step.kind(), h.name(), e)));
            } finally {
                busy.remove(id);
            }
        });
        return true;
    }

    boolean busy(UUID hostId) {
        return busy.contains(hostId);
    }

    /** Test the BMC first (a host that cannot be powered on again must stay on), park it if still idle, then off until the BMC confirms. */
    private void powerOff(UUID id, String reason) {
        Host h = hosts.get(id);
        Fencer.Outcome test = fencer.test(h);
        if (!test.ok() || !"on".equals(test.powerStatus())) {
            powerManagement.recordTest(id, false, test.ok() ? "power is " + test.powerStatus() + ", expected on" : test.message());
            events.warning(ref(h), "Power saving leaves host %s on: its power management test failed (%s)".formatted(h.name(),
                    test.ok() ? "power is " + test.powerStatus() : test.message()));
            return;
        }
        Boolean parked = tx.execute(s -> {
            table.lockPlacements(h.clusterId());
            if (table.vmsOn(id) > 0 || !hostService.parkIdle(id, PARKED + ": " + reason)) {
                return false;
            }
            table.set(id, PowerSavingState.PoweringOff, reason);
            return true;
        });
        if (!Boolean.TRUE.equals(parked)) {
            events.info(ref(h), "Power saving leaves host %s on: it is no longer idle and Up".formatted(h.name()));
            return;
        }
        events.info(ref(h), "Power saving: powering off host %s (%s)".formatted(h.name(), reason));
        Fencer.Outcome off = fencer.powerOff(h);
        if (off.confirmedOff()) {
            table.set(id, PowerSavingState.Off, reason);
            hosts.updateReason(id, HostStatus.Maintenance, PARKED + " (%s); powered on again when the cluster needs capacity".formatted(reason));
            events.info(ref(h), "Host %s was powered off by power saving (%s); it is powered on again when the cluster needs capacity"
                    .formatted(h.name(), reason));
            return;
        }
        powerManagement.recordTest(id, false, "power saving could not power it off: " + off.message());
        table.clear(id);
        events.error(ref(h), ("Power saving could not power off host %s: %s; the host is activated again, and power saving leaves it alone "
                + "until its power management test passes").formatted(h.name(), off.message()));
        hostService.activate(id);
    }

    private void powerOn(UUID id, String reason) {
        Host h = hosts.get(id);
        table.set(id, PowerSavingState.PoweringOn, reason);
        events.info(ref(h), "Power saving: powering on host %s (%s)".formatted(h.name(), reason));
        Fencer.Outcome on = fencer.run(h, "on");
        if (on.ok()) {
            hosts.updateReason(id, HostStatus.Maintenance, "powered on by power saving (%s); activated when its agent reconnects".formatted(reason));
            return;
        }
        table.set(id, PowerSavingState.Off, reason);
        powerManagement.recordTest(id, false, "power saving could not power it on: " + on.message());
        events.error(ref(h), "Power saving could not power on host %s: %s; it is not tried again until its power management test passes"
                .formatted(h.name(), on.message()));
    }

    private void activate(UUID id, String reason) {
        Host h = hosts.get(id);
        if (h.status() != HostStatus.Maintenance) {
            return;
        }
        hostService.activate(id);
        table.set(id, PowerSavingState.On, reason);
        events.info(ref(h), "Host %s is back from power saving: %s; it was activated".formatted(h.name(), reason));
    }

    private static ObjectRef ref(Host h) {
        return ObjectRef.host(h.id(), h.name());
    }
}
