package dev.flotilla.manager.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.vm.VmStatus;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class VmRowTest {

    private static final UUID ID = UUID.fromString("0b6f2c1e-1f3a-4c55-9a0e-3d2b1c4e5f60");

    @Test
    void aRunningOrPausedVmHasAThumbnailWhoseAddressChangesEveryTenSeconds() {
        Instant t = Instant.ofEpochSecond(1_000_000_000);

        assertThat(VmRow.screenshot(ID, VmStatus.Up, t)).isEqualTo("/vms/" + ID + "/screenshot.png?at=100000000");
        assertThat(VmRow.screenshot(ID, VmStatus.Paused, t.plusSeconds(9))).isEqualTo(VmRow.screenshot(ID, VmStatus.Up, t));
        assertThat(VmRow.screenshot(ID, VmStatus.Up, t.plusSeconds(10))).endsWith("?at=100000001");
    }

    @Test
    void aVmWithoutAProcessHasNoThumbnail() {
        for (VmStatus status : new VmStatus[] {VmStatus.Down, VmStatus.WaitForLaunch, VmStatus.Suspended, VmStatus.NotResponding}) {
            assertThat(VmRow.screenshot(ID, status, Instant.EPOCH)).as(status.name()).isEmpty();
        }
    }
}
