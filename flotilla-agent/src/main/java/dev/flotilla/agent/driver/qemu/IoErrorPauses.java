package dev.flotilla.agent.driver.qemu;

import dev.flotilla.agent.driver.VmDefinition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A VM's pauses on storage errors: QEMU sends BLOCK_IO_ERROR (action stop) and then STOP; the STOP
 * must carry the error's reason, naming the disk. QEMU 7.2 names only the format node ({@code driveN}),
 * so this keeps which disk each node holds: {@code drive<i>} for the i-th disk of the command line
 * ({@link BlockDevices}), {@code drive<n>} for a disk plugged live. Called under the VM's lock.
 */
final class IoErrorPauses {

    private final Map<String, String> diskOfNode = new ConcurrentHashMap<>();
    private String pending;

    IoErrorPauses(VmDefinition definition) {
        List<VmDefinition.Disk> disks = CdromDevice.disks(definition.disks());
        for (int i = 0; i < disks.size(); i++) {
            diskOfNode.put("drive" + i, BlockDevices.deviceId(disks.get(i)));
        }
    }

    /** A disk plugged live holds the format node {@code node}. */
    void plugged(String node, VmDefinition.Disk disk) {
        diskOfNode.put(node, BlockDevices.deviceId(disk));
    }

    /** True when the event was a stopping I/O error: it is remembered for the STOP that follows. */
    boolean consumed(QmpClient.Event event) {
        Optional<String> reason = QmpEvents.ioErrorPause(event);
        if (reason.isEmpty()) {
            return false;
        }
        String why = reason.get();
        for (var node : diskOfNode.entrySet()) {
            why = why.replace(" on " + node.getKey() + " (", " on " + node.getValue() + " (");
        }
        pending = why;
        return true;
    }

    /** What QEMU's {@code step} for this event becomes: a STOP not asked by the agent after an I/O error says so. */
    Optional<QmpEvents.Step> step(QmpClient.Event event, boolean byAgent, Optional<QmpEvents.Step> step) {
        if (event.name().equals("RESUME")) {
            pending = null;
        }
        if (event.name().equals("STOP") && !byAgent && pending != null && step.isPresent()) {
            return Optional.of(new QmpEvents.Step(dev.flotilla.agent.driver.RunState.PAUSED, pending));
        }
        return step;
    }
}
