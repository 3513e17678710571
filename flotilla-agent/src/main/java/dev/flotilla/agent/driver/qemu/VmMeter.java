package dev.flotilla.agent.driver.qemu;

import dev.flotilla.agent.driver.RunState;
import dev.flotilla.agent.driver.VmDefinition;
import dev.flotilla.agent.driver.VmState;
import java.time.Duration;

/**
 * The figures of one running QEMU process: CPU and memory from /proc ({@link ProcessStats}),
 * disk rates from QMP ({@link DiskRates}). NICs: the command line gives a VM none (a
 * {@link VmDefinition} has none), so there is no traffic to read and the VM says so; once VMs
 * get NICs, their tap devices' counters in /sys/class/net/&lt;tap&gt;/statistics belong here.
 */
final class VmMeter {

    /** Shorter than commands' timeout: a QEMU that does not answer within it has no figures this time. */
    private static final Duration QMP_TIMEOUT = Duration.ofSeconds(5);

    private final long pid;
    private final ProcessStats process;
    private final DiskRates disks = new DiskRates(System::nanoTime);

    VmMeter(long pid) {
        this.pid = pid;
        this.process = new ProcessStats(pid);
    }

    /** A VM with no figures: stopped, or starting before it has a process. */
    static VmState idle(VmDefinition definition, RunState state, String reason) {
        return new VmState(definition.id(), definition.name(), state, reason, 0, 0, 0, 0, null, null, VmState.DiskInUse.of(definition));
    }

    long pid() {
        return pid;
    }

    /**
     * {@code vm} with this process's figures. Call it without holding the VM's lock: the QMP reader
     * thread, which answers the disk question, needs that lock for events.
     *
     * @param qmp the VM's QMP connection, null when there is none (its disks are then unknown)
     */
    VmState measure(VmState vm, QmpClient qmp) {
        ProcessStats.Sample sample = process.sample();
        VmState.Disks disk = qmp == null ? null : disks.current(() -> qmp.submit("query-blockstats", null, QMP_TIMEOUT));
        return new VmState(vm.id(), vm.name(), vm.state(), vm.reason(), pid,
                sample.cpuPercent(), sample.rssMiB(), sample.uptimeSeconds(), disk, VmState.Nics.NONE, vm.volumes());
    }
}
