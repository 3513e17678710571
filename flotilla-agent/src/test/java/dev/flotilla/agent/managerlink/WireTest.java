package dev.flotilla.agent.managerlink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.driver.RunState;
import dev.flotilla.agent.driver.VmState;
import dev.flotilla.agent.stats.HostStats;
import dev.flotilla.protocol.v1.VmStats;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WireTest {

    private static VmState vm(VmState.Disks disks, VmState.Nics nics) {
        return new VmState(UUID.randomUUID(), "vm", RunState.RUNNING, "", 42, 12.5, 256, 60, disks, nics);
    }

    @Test
    void aVmWithoutDisksSaysNoneAndAnUnmeasuredOneSaysNothing() {
        VmStats none = Wire.report(vm(VmState.Disks.NONE, VmState.Nics.NONE)).getStats();
        assertThat(none.hasDiskCount()).isTrue();
        assertThat(none.getDiskCount()).isZero();
        assertThat(none.hasNicCount()).isTrue();
        assertThat(none.getNicCount()).isZero();

        VmStats unknown = Wire.report(vm(null, null)).getStats();
        assertThat(unknown.hasDiskCount()).isFalse();
        assertThat(unknown.hasNicCount()).isFalse();
        assertThat(unknown.getCpuPercent()).isEqualTo(12.5);
    }

    @Test
    void ratesTravelAsMeasured() {
        VmStats stats = Wire.report(vm(new VmState.Disks(2, 4096, 1024), new VmState.Nics(1, 300, 200))).getStats();
        assertThat(stats.getDiskCount()).isEqualTo(2);
        assertThat(stats.getDiskReadBytesPerSecond()).isEqualTo(4096);
        assertThat(stats.getDiskWriteBytesPerSecond()).isEqualTo(1024);
        assertThat(stats.getNicCount()).isEqualTo(1);
        assertThat(stats.getNetReceiveBytesPerSecond()).isEqualTo(300);
        assertThat(stats.getNetTransmitBytesPerSecond()).isEqualTo(200);

        var host = Wire.stats(new HostStats(10, 4096, 1024, 1, 1, 1, 60, 1e6, 2e6, 3e3, 4e3));
        assertThat(host.getDiskReadBytesPerSecond()).isEqualTo(1e6);
        assertThat(host.getDiskWriteBytesPerSecond()).isEqualTo(2e6);
        assertThat(host.getNetReceiveBytesPerSecond()).isEqualTo(3e3);
        assertThat(host.getNetTransmitBytesPerSecond()).isEqualTo(4e3);
    }
}
