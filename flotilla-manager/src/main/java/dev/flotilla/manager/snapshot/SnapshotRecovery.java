package dev.flotilla.manager.snapshot;

import dev.flotilla.manager.vm.StartRequirement;
import dev.flotilla.manager.vm.Vm;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Two rules that keep snapshot work safe: a VM does not start while a snapshot of it is Locked
 * (its chains are being changed), and at the manager's start a snapshot left Locked by a manager
 * that stopped mid-way goes back to OK with the reason — the chains in the database are the ones
 * before the step that was cut short (each step is recorded only once done), so it can be retried.
 * One whose preview is recorded (an undo or commit was cut short) goes back to InPreview: the VM
 * still runs from the preview's volumes, and the undo or commit that gives back or drops the
 * configuration set aside for it can be run again.
 */
@Component
class SnapshotRecovery implements StartRequirement {

    static final String INTERRUPTED = "the manager stopped during an operation on this snapshot; the chains are as recorded before it: retry the operation";
    private static final Logger log = LoggerFactory.getLogger(SnapshotRecovery.class);

    private final SnapshotRepository snapshots;

    SnapshotRecovery(SnapshotRepository snapshots) {
        this.snapshots = snapshots;
    }

    @Override
    public Optional<String> refusal(Vm vm) {
        return snapshots.ofVm(vm.id()).stream().filter(s -> s.status() == SnapshotStatus.Locked).findFirst()
                .map(s -> "snapshot '%s' is Locked: its volumes are being changed".formatted(s.description()));
    }

    @EventListener(ApplicationReadyEvent.class)
    void unlockInterrupted() {
        for (Snapshot s : snapshots.locked()) {
            // a snapshot that was being made never got its volumes recorded: it goes; others go back to OK
            if (s.mergeStep().isEmpty() && s.statusReason().isEmpty() && snapshotWasBeingMade(s)) {
                snapshots.delete(s.id());
            } else {
                boolean inPreview = snapshots.previews(s.vmId()).stream().anyMatch(p -> p.snapshotId().equals(s.id()));
                snapshots.changeStatus(s.id(), SnapshotStatus.Locked, inPreview ? SnapshotStatus.InPreview : SnapshotStatus.OK, INTERRUPTED);
            }
            log.warn("snapshot {} of VM {} was Locked at start: {}", s.id(), s.vmId(), INTERRUPTED);
        }
    }

    private boolean snapshotWasBeingMade(Snapshot s) {
        return !snapshots.hasVolumes(s.id());
    }
}
