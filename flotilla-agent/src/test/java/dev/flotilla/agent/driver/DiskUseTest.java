package dev.flotilla.agent.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DiskUseTest {

    private static final String VOLUME = "nfs://10.0.0.5/export/images/d1/v1.qcow2";

    private static VmDefinition vm(String name, String location, boolean readOnly) {
        return new VmDefinition(UUID.randomUUID(), name, 1, 256, VmDefinition.Boot.NONE,
                List.of(new VmDefinition.Disk("d1", "v1", location, "qcow2", "", "", "virtio-blk", true, readOnly)));
    }

    @Test
    void aVolumeOpenReadWriteByARunningVmIsRefusedToAnother() {
        VmDefinition writer = vm("writer", VOLUME, false);

        assertThat(DiskUse.conflict(vm("second", VOLUME, false), List.of(writer)))
                .hasValueSatisfying(why -> assertThat(why).contains("d1", VOLUME, "read-write", "writer"));
        assertThat(DiskUse.conflict(vm("reader", VOLUME, true), List.of(writer))).isPresent();
    }

    @Test
    void aReaderBesideAWriterIsRefusedButReadersMayShare() {
        assertThat(DiskUse.conflict(vm("writer", VOLUME, false), List.of(vm("reader", VOLUME, true)))).isPresent();
        assertThat(DiskUse.conflict(vm("reader2", VOLUME, true), List.of(vm("reader1", VOLUME, true)))).isEmpty();
    }

    @Test
    void otherVolumesAndTheVmItselfAreNoConflict() {
        VmDefinition vm = vm("a", VOLUME, false);

        assertThat(DiskUse.conflict(vm, List.of(vm("b", "nfs://10.0.0.5/export/images/d2/v2.qcow2", false)))).isEmpty();
        assertThat(DiskUse.conflict(vm, List.of(vm))).as("a restart of the same VM").isEmpty();
        assertThat(DiskUse.conflict(vm, List.of())).isEmpty();
    }

    @Test
    void theStoredDefinitionKeepsNoChapSecret() {
        VmDefinition vm = new VmDefinition(UUID.randomUUID(), "i", 1, 256, VmDefinition.Boot.NONE,
                List.of(new VmDefinition.Disk("d", "v", "iscsi://h:3260/iqn.2025-01.x:t/1", "raw", "user", "s3cret", "virtio-blk", false, false)));

        assertThat(vm.withoutSecrets().disks()).singleElement().satisfies(d -> {
            assertThat(d.chapSecret()).isEmpty();
            assertThat(d.chapUser()).isEqualTo("user");
        });
        assertThat(vm.disks().get(0).toString()).doesNotContain("s3cret");
    }
}
