package dev.flotilla.agent.driver.qemu;

import java.nio.file.Path;

/**
 * Settings of the qemu driver.
 *
 * @param stateDir        the agent's state directory; VMs live under {@code <stateDir>/vms/<vm-id>/}
 * @param portRangeStart  first TCP port this agent may use (incoming migrations; consoles use unix sockets)
 * @param portRangeEnd    last TCP port this agent may use
 * @param accel           "auto" (KVM when it really works, else TCG), "kvm" or "tcg"
 * @param qemuBinary      the QEMU system emulator, normally "qemu-system-x86_64" found on PATH
 */
public record QemuDriverConfig(Path stateDir, int portRangeStart, int portRangeEnd, String accel, String qemuBinary) {
}
