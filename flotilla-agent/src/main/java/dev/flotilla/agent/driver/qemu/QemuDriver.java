package dev.flotilla.agent.driver.qemu;

import dev.flotilla.agent.driver.HypervisorDriver;
import dev.flotilla.agent.driver.VmDefinition;
import dev.flotilla.agent.driver.VmState;
import dev.flotilla.agent.driver.VmStateChange;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/** Drives real QEMU processes over QMP. (Being built: the signatures are the contract.) */
public final class QemuDriver implements HypervisorDriver {

    public QemuDriver(QemuDriverConfig config) {
        throw new UnsupportedOperationException("qemu driver not built yet");
    }

    /** True when the QEMU binary can be found and run on this machine. */
    public static boolean isAvailable(String qemuBinary) {
        return false;
    }

    @Override public String name() { return "qemu"; }
    @Override public String accel() { throw new UnsupportedOperationException(); }
    @Override public String accelReason() { throw new UnsupportedOperationException(); }
    @Override public String version() { throw new UnsupportedOperationException(); }
    @Override public List<VmState> recover() { throw new UnsupportedOperationException(); }
    @Override public VmState start(VmDefinition definition) { throw new UnsupportedOperationException(); }
    @Override public void shutdown(UUID vmId) { throw new UnsupportedOperationException(); }
    @Override public void powerOff(UUID vmId) { throw new UnsupportedOperationException(); }
    @Override public void reboot(UUID vmId) { throw new UnsupportedOperationException(); }
    @Override public void pause(UUID vmId) { throw new UnsupportedOperationException(); }
    @Override public void resume(UUID vmId) { throw new UnsupportedOperationException(); }
    @Override public List<VmState> vms() { throw new UnsupportedOperationException(); }
    @Override public void forget(UUID vmId) { throw new UnsupportedOperationException(); }
    @Override public void addListener(Consumer<VmStateChange> listener) { throw new UnsupportedOperationException(); }
    @Override public void close() { }
}
