package dev.flotilla.manager.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreeSpaceTest {

    private static final long GIB = Bytes.GIB;

    @Test
    void aRawDiskNeedsItsWholeSizeAndAQcow2DiskItsMetadata() {
        assertThat(FreeSpace.neededNow(DiskFormat.RAW, 10 * GIB)).isEqualTo(10 * GIB);
        assertThat(FreeSpace.neededNow(DiskFormat.QCOW2, 10 * GIB)).isEqualTo(10 * GIB / 8192);
        assertThat(FreeSpace.neededNow(DiskFormat.QCOW2, Bytes.MIB)).isEqualTo(FreeSpace.QCOW2_MINIMUM);
    }

    @Test
    void aFullDomainRefusesWithTheFigures() {
        var refusal = FreeSpace.check("nfs1", DiskFormat.RAW, 20 * GIB, 10 * GIB, 0).orElseThrow();

        assertThat(refusal.message()).isEqualTo("storage domain nfs1 has 10 GiB free; a raw (preallocated) disk of 20 GiB needs 20 GiB");
        assertThat(refusal.details()).containsExactly("free: 10737418240 bytes", "being made on it: 0 bytes", "needed: 21474836480 bytes");
        assertThat(FreeSpace.check("nfs1", DiskFormat.QCOW2, 20 * GIB, 10 * GIB, 0)).as("thin fits").isEmpty();
        assertThat(FreeSpace.check("nfs1", DiskFormat.QCOW2, 20 * GIB, 1024L, 0)).as("not even the metadata").isPresent();
    }

    @Test
    void rawDisksBeingMadeCountAgainstTheFreeSpace() {
        assertThat(FreeSpace.check("nfs1", DiskFormat.RAW, 6 * GIB, 10 * GIB, 0)).isEmpty();
        assertThat(FreeSpace.check("nfs1", DiskFormat.RAW, 6 * GIB, 10 * GIB, 6 * GIB)).hasValueSatisfying(r ->
                assertThat(r.message()).contains("has 4 GiB free"));
    }

    @Test
    void unknownFreeSpaceRefusesNothing() {
        assertThat(FreeSpace.check("posix1", DiskFormat.RAW, 60 * GIB, null, 0)).isEmpty();
    }

    @Test
    void onALunAQcow2DiskTakesWhatQemuImgMeasureCallsFullyAllocated() {
        // figures of `qemu-img measure -O qcow2 --size N` (QEMU 7.2): a LUN must hold the image once the guest filled it
        assertThat(FreeSpace.onLun(DiskFormat.QCOW2, Bytes.MIB)).isEqualTo(1376256L);
        assertThat(FreeSpace.onLun(DiskFormat.QCOW2, 1_000_000)).isEqualTo(1376256L);
        assertThat(FreeSpace.onLun(DiskFormat.QCOW2, GIB)).isEqualTo(1074135040L);
        assertThat(FreeSpace.onLun(DiskFormat.QCOW2, 2 * GIB)).isEqualTo(2148073472L);
        assertThat(FreeSpace.onLun(DiskFormat.QCOW2, 1024 * GIB)).isEqualTo(1099679662080L);
        assertThat(FreeSpace.onLun(DiskFormat.QCOW2, 64 * 1024 * GIB)).isEqualTo(70379483430912L);
        assertThat(FreeSpace.onLun(DiskFormat.RAW, 2 * GIB)).isEqualTo(2 * GIB);
    }

    @Test
    void theSmallestFreeLunThatHoldsTheDiskIsChosen() {
        var luns = List.of(new StorageAnswer.Lun(1, 4 * GIB), new StorageAnswer.Lun(2, 2 * GIB), new StorageAnswer.Lun(3, 1 * GIB));

        assertThat(FreeSpace.pickLun("i", luns, Set.of(), GIB, null).lun().number()).isEqualTo(3);
        assertThat(FreeSpace.pickLun("i", luns, Set.of(3), GIB, null).lun().number()).isEqualTo(2);
        assertThat(FreeSpace.pickLun("i", luns, Set.of(), 3 * GIB, null).lun().number()).isEqualTo(1);
        assertThat(FreeSpace.pickLun("i", luns, Set.of(1), 3 * GIB, null).refusal().message())
                .isEqualTo("storage domain i has no free LUN of 3 GiB or more: 3221225472 bytes are needed, the largest free LUN holds"
                        + " 2147483648 bytes (free LUNs: 2 (2 GiB), 3 (1 GiB))");
        assertThat(FreeSpace.pickLun("i", luns, Set.of(1), 3 * GIB, null).refusal().details())
                .startsWith("needed: 3221225472 bytes", "largest free LUN: 2147483648 bytes");
        assertThat(FreeSpace.freeLunBytes(luns, Set.of(1))).isEqualTo(3 * GIB);
    }

    @Test
    void aWantedLunMustExistBeFreeAndHoldTheDisk() {
        var luns = List.of(new StorageAnswer.Lun(1, 4 * GIB), new StorageAnswer.Lun(2, 1 * GIB));

        assertThat(FreeSpace.pickLun("i", luns, Set.of(), GIB, 1).lun().number()).isEqualTo(1);
        assertThat(FreeSpace.pickLun("i", luns, Set.of(), GIB, 7).refusal().message()).contains("no LUN 7");
        assertThat(FreeSpace.pickLun("i", luns, Set.of(1), GIB, 1).refusal().message()).contains("already a disk");
        assertThat(FreeSpace.pickLun("i", luns, Set.of(), 2 * GIB, 2).refusal().message()).contains("holds 1 GiB", "the disk needs 2 GiB (2147483648 bytes)");
    }
}
