package dev.flotilla.manager.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AttachmentPlansTest {

    final VmConfiguration.DiskAt system = disk("system", "virtio-blk", true);
    final VmConfiguration.DiskAt data = disk("data", "virtio-scsi", false);
    final VmConfiguration.DiskAt gone = disk("gone", "virtio-blk", false);
    final VmConfiguration.DiskAt since = disk("since", "virtio-blk", false);

    @Test
    void theWantedDisksComeBackInTheirOrderAndADiskAttachedSinceIsDetached() {
        List<VmConfiguration.DiskAt> asked = new ArrayList<>();
        // now: the system disk (made read-only since) and one attached since; data was detached since
        VmConfiguration.DiskAt systemNow = new VmConfiguration.DiskAt(system.diskId(), "system", "virtio-scsi", true, true, 3, Instant.now());
        AttachmentPlans.Plan plan = AttachmentPlans.plan(List.of(system, data), List.of(since, systemNow), d -> {
            asked.add(d);
            return Optional.empty();
        });
        assertThat(plan.attach()).as("each as it was then, not as it is now").containsExactly(system, data);
        assertThat(plan.detach()).containsExactly(since);
        assertThat(plan.notes()).isEmpty();
        assertThat(asked).as("only a disk not attached now is checked").containsExactly(data);
    }

    @Test
    void aDiskThatCannotComeBackIsLeftOutWithTheReason() {
        AttachmentPlans.Plan plan = AttachmentPlans.plan(List.of(system, gone), List.of(system),
                d -> d == gone ? Optional.of("disk gone no longer exists") : Optional.empty());
        assertThat(plan.attach()).containsExactly(system);
        assertThat(plan.detach()).isEmpty();
        assertThat(plan.notes()).containsExactly("disk gone no longer exists");
    }

    @Test
    void keepingChangesNothing() {
        AttachmentPlans.Plan plan = AttachmentPlans.keep(List.of(system, since));
        assertThat(plan.attach()).containsExactly(system, since);
        assertThat(plan.detach()).isEmpty();
    }

    private static VmConfiguration.DiskAt disk(String name, String bus, boolean bootable) {
        return new VmConfiguration.DiskAt(UUID.randomUUID(), name, bus, bootable, false, null, Instant.parse("2026-11-27T10:00:00Z"));
    }
}
