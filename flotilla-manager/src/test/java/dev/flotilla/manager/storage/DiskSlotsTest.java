package dev.flotilla.manager.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DiskSlotsTest {

    @Test
    void aVirtioBlkDiskPluggedLiveTakesTheFirstFreeHotPlugPort() {
        assertThat(DiskSlots.forLivePlug(DiskInterface.VIRTIO_BLK, List.of(0, 1))).contains(100);
        assertThat(DiskSlots.forLivePlug(DiskInterface.VIRTIO_BLK, List.of(0, 100, 102))).contains(101);
    }

    @Test
    void whenEveryPortHoldsAPluggedDiskThereIsNoPlace() {
        assertThat(DiskSlots.forLivePlug(DiskInterface.VIRTIO_BLK, List.of(100, 101, 102, 103))).isEmpty();
    }

    @Test
    void aScsiDiskTakesTheLowestFreeScsiId() {
        assertThat(DiskSlots.forLivePlug(DiskInterface.VIRTIO_SCSI, List.of())).contains(0);
        assertThat(DiskSlots.forLivePlug(DiskInterface.VIRTIO_SCSI, List.of(0, 1, 3))).contains(2);
    }
}
