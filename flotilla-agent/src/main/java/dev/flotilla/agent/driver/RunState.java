package dev.flotilla.agent.driver;

/** What a hypervisor says a VM is doing. The manager maps these onto its richer VM status. */
public enum RunState {
    STARTING,
    RUNNING,
    PAUSED,
    /** The ACPI power button was pressed; the guest has not powered off yet. */
    SHUTTING_DOWN,
    /** The VM is gone after a clean power-off (guest, user or host shutdown). */
    STOPPED,
    /** The VM is gone without a clean power-off (process killed, QEMU error, simulated crash). */
    CRASHED;

    public boolean isAlive() {
        return this == STARTING || this == RUNNING || this == PAUSED || this == SHUTTING_DOWN;
    }
}
