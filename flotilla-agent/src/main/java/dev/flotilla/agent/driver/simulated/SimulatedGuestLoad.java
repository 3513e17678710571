package dev.flotilla.agent.driver.simulated;

import dev.flotilla.agent.driver.RunState;
import dev.flotilla.agent.driver.VmState;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/** What a simulated guest appears to use: CPU, memory and disk traffic that look like a real guest's. */
final class SimulatedGuestLoad {

    private static final double MIB = 1024 * 1024;

    private SimulatedGuestLoad() {
    }

    static VmState snapshot(SimulatedHost.Vm vm) {
        boolean alive = vm.state.isAlive();
        long uptime = alive ? Duration.between(vm.startedAt, Instant.now()).toSeconds() : 0;
        // Like the qemu driver's VMs, simulated ones have no NIC: their definition gives them none.
        return new VmState(vm.definition.id(), vm.definition.name(), vm.state, vm.reason, 0,
                alive ? cpuPercent(vm) : 0, alive ? rssMiB(vm) : 0, uptime,
                alive ? disks(vm) : null, alive ? VmState.Nics.NONE : null);
    }

    /**
     * One system disk (a simulated guest pretends to boot from one): it reads hard while the guest
     * boots, up to 8 MiB/s fading over its first minute, then moves a trickle around its own typical
     * rate; nothing while paused.
     */
    static VmState.Disks disks(SimulatedHost.Vm vm) {
        if (vm.state == RunState.PAUSED) {
            return new VmState.Disks(1, 0, 0);
        }
        long seconds = Duration.between(vm.startedAt, Instant.now()).toSeconds();
        double booting = Math.max(0, 60 - seconds) / 60.0 * 8 * MIB;
        return new VmState.Disks(1, (booting + vm.typicalDiskBytesPerSecond / 2) * wobble(), vm.typicalDiskBytesPerSecond * wobble());
    }

    /** Between half and one and a half: traffic is burstier than CPU. */
    static double wobble() {
        return 0.5 + ThreadLocalRandom.current().nextDouble();
    }

    /** Percent of one CPU, as top shows it: a typical load per guest with some wobble; nothing while paused. */
    static double cpuPercent(SimulatedHost.Vm vm) {
        if (vm.state == RunState.PAUSED) {
            return 0;
        }
        double wobble = 0.75 + ThreadLocalRandom.current().nextDouble() * 0.5;
        return Math.min(100.0 * vm.definition.cpus(), vm.typicalCpuPercent * vm.definition.cpus() * wobble);
    }

    /** A guest touches its memory over its first minutes: from a third up to 85 percent. */
    static long rssMiB(SimulatedHost.Vm vm) {
        long mem = vm.definition.memoryMiB();
        long seconds = Duration.between(vm.startedAt, Instant.now()).toSeconds();
        double share = Math.min(0.85, 0.33 + seconds / 600.0);
        return Math.max(1, (long) (mem * share));
    }
}
