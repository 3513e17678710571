/**
 * The {@code qemu} hypervisor driver: runs each VM as its own QEMU process and drives it over
 * QMP (JSON on a unix socket), with no libvirt in between.
 *
 * <p>What it owns: the per-VM directory {@code <stateDir>/vms/<vm-id>/} (definition.json,
 * qmp.sock, qemu.pid, serial.log, qemu.log), the QEMU command line, the choice between KVM and
 * TCG, and turning QMP events and process exits into {@link dev.flotilla.agent.driver.RunState}
 * changes with a reason a person can read; and each VM's figures: CPU and memory of its process
 * from /proc, disk rates from QMP {@code query-blockstats} (asked without blocking, at most every
 * two seconds, rarely for a VM with no disk).
 *
 * <p>Why it looks this way: QEMU runs in its own session (setsid) so it outlives the agent and
 * its process group; the pidfile plus the VM id in /proc/&lt;pid&gt;/cmdline let a restarted agent
 * find and re-attach to it. A VM directory keeps {@code qemu.pid} exactly as long as the VM has
 * not been seen stopped, so a dead leftover is reported once and never again.
 *
 * <p>Entry point: {@link dev.flotilla.agent.driver.qemu.QemuDriver}; everything else is package-private.
 */
package dev.flotilla.agent.driver.qemu;
