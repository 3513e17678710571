package dev.flotilla.manager.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.manager.storage.DiskFormat;
import dev.flotilla.manager.storage.Volume;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChainPlansTest {

    final UUID disk = UUID.randomUUID();
    final UUID s1 = UUID.randomUUID();
    final UUID s2 = UUID.randomUUID();
    // active a2 -> v1 (keeps s2) -> base (keeps s1, raw)
    final Volume base = new Volume(UUID.randomUUID(), disk, null, DiskFormat.RAW, s1);
    final Volume v1 = new Volume(UUID.randomUUID(), disk, base.id(), DiskFormat.QCOW2, s2);
    final Volume a2 = new Volume(UUID.randomUUID(), disk, v1.id(), DiskFormat.QCOW2, null);
    final List<Volume> chain = List.of(a2, v1, base);

    @Test
    void deletingTheOldestSnapshotFoldsTheVolumeOverItIntoItAndRepointsTheChild() {
        ChainPlans.Merge m = ChainPlans.merge(chain, s1).orElseThrow();
        assertThat(m.top()).isEqualTo(v1);
        assertThat(m.base()).isEqualTo(base);
        assertThat(m.child()).isEqualTo(a2);
        assertThat(m.topIsActive()).isFalse();
    }

    @Test
    void deletingTheNewestSnapshotFoldsTheActiveLayer() {
        ChainPlans.Merge m = ChainPlans.merge(chain, s2).orElseThrow();
        assertThat(m.top()).isEqualTo(a2);
        assertThat(m.base()).isEqualTo(v1);
        assertThat(m.child()).isNull();
        assertThat(m.topIsActive()).isTrue();
    }

    @Test
    void aDiskWithoutTheSnapshotsStateHasNothingToMerge() {
        assertThat(ChainPlans.merge(chain, UUID.randomUUID())).isEmpty();
        assertThat(ChainPlans.merge(List.of(a2), s1)).isEmpty();
    }

    @Test
    void aRestoreDropsWhatIsAboveTheSnapshotsVolumeAndTheSnapshotsKeptThere() {
        List<Volume> above = ChainPlans.above(chain, base.id());
        assertThat(above).containsExactly(a2, v1);
        assertThat(ChainPlans.snapshotsIn(above)).containsExactly(s2);
        assertThat(ChainPlans.above(chain, a2.id())).isEmpty();
        assertThatThrownBy(() -> ChainPlans.above(chain, UUID.randomUUID())).isInstanceOf(IllegalArgumentException.class);
    }
}
