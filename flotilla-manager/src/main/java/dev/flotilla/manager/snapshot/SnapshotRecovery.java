package dev.flotilla.manager.snapshot;

import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.vm.StartRequirement;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmRepository;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two rules that keep snapshot work safe: a VM does not start while a snapshot of it is Locked
 * (its chains are being changed), and at the manager's start a snapshot left Locked by a manager
 * that stopped mid-way goes back to OK with the reason — the chains in the database are the ones
 * before the step that was cut short (each step is recorded only once done), so it can be retried.
 * One whose preview is recorded (an undo or commit was cut short) goes back to InPreview: the VM
 * still runs from the preview's volumes, and the undo or commit that gives back or drops the
 * configuration set aside for it can be run again. One whose preview is not recorded (a preview
 * cut short) keeps no configuration set aside: nothing would ever give it back or drop it, and a
 * later preview would take it for the VM's own; if the VM already had the snapshot's configuration,
 * it gets its own back first. Each snapshot is put right in one transaction. A snapshot being made
 * whose overlays were planned is not this class's: {@link LiveSnapshotSettling} settles it.
 */
@Component
class SnapshotRecovery implements StartRequirement {

    static final String INTERRUPTED = "the manager stopped during an operation on this snapshot; the chains are as recorded before it: retry the operation";
    private static final Logger log = LoggerFactory.getLogger(SnapshotRecovery.class);

    private final SnapshotRepository snapshots;
    private final SnapshotConfigs configs;
    private final VmConfigurations configurations;
    private final VmRepository vms;
    private final EventLog events;
    private final TransactionTemplate tx;
    private final PlannedOverlays plans;

    SnapshotRecovery(SnapshotRepository snapshots, SnapshotConfigs configs, VmConfigurations configurations, VmRepository vms, EventLog events,
                     TransactionTemplate tx, PlannedOverlays plans) {
        this.plans = plans;
        this.snapshots = snapshots;
        this.configs = configs;
        this.configurations = configurations;
        this.vms = vms;
        this.events = events;
        this.tx = tx;
    }

    @Override
    public Optional<String> refusal(Vm vm) {
        return snapshots.ofVm(vm.id()).stream().filter(s -> s.status() == SnapshotStatus.Locked).findFirst()
                .map(s -> "snapshot '%s' is Locked: its volumes are being changed".formatted(s.description()));
    }

    @EventListener(ApplicationReadyEvent.class)
    void unlockInterrupted() {
        for (Snapshot s : snapshots.locked()) {
            if (plans.hasPlans(s.id())) {
                // being made with its overlays planned: LiveSnapshotSettling decides from what the VM runs on
                continue;
            }
            tx.executeWithoutResult(st -> unlock(s));
            log.warn("snapshot {} of VM {} was Locked at start: {}", s.id(), s.vmId(), INTERRUPTED);
        }
    }

    private void unlock(Snapshot s) {
        // a snapshot that was being made never got its volumes recorded: it goes; others go back to OK
        if (s.mergeStep().isEmpty() && s.statusReason().isEmpty() && snapshotWasBeingMade(s)) {
            snapshots.delete(s.id());
            return;
        }
        boolean inPreview = snapshots.previews(s.vmId()).stream().anyMatch(p -> p.snapshotId().equals(s.id()));
        if (!inPreview) {
            configs.savedForUndo(s.id()).ifPresent(own -> giveBack(s, own));
        }
        snapshots.changeStatus(s.id(), SnapshotStatus.Locked, inPreview ? SnapshotStatus.InPreview : SnapshotStatus.OK, INTERRUPTED);
    }

    /** The configuration set aside by a preview that was not recorded goes; the VM gets it back if it had taken the snapshot's already. */
    private void giveBack(Snapshot s, VmConfiguration own) {
        // the VM is Down: a preview needs it Down, and it does not start while the snapshot is Locked
        Vm vm = vms.get(s.vmId());
        if (!configurations.of(vm.id()).equals(own)) {
            List<String> notes = configurations.giveBack(vm, own);
            events.warning(SnapshotActions.ref(vm), "VM %s got back its own configuration: the manager stopped during a preview of snapshot '%s'%s"
                    .formatted(vm.name(), s.description(), notes.isEmpty() ? "" : "; " + String.join("; ", notes)));
        }
        configs.dropSaved(s.id());
    }

    private boolean snapshotWasBeingMade(Snapshot s) {
        return !snapshots.hasVolumes(s.id());
    }
}
