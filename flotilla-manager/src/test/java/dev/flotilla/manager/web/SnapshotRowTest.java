package dev.flotilla.manager.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.snapshot.VmConfiguration;
import dev.flotilla.manager.vm.Vm;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SnapshotRowTest {

    @Test
    void aKeptConfigurationReadsAsShortItems() {
        var c = new VmConfiguration(true, 2, 1024, new Vm.Boot("/boot/vmlinuz", "", ""), "web", true, 50,
                List.of(new VmConfiguration.DiskAt(UUID.randomUUID(), "sys", "virtio-blk", true, false, 0, Instant.EPOCH),
                        new VmConfiguration.DiskAt(UUID.randomUUID(), "data", "virtio-scsi", false, true, null, Instant.EPOCH)),
                new VmConfiguration.CdromAt(UUID.randomUUID(), "tools.iso", false), List.of(new VmConfiguration.HostAt(UUID.randomUUID(), "hv1")));
        assertThat(SnapshotRow.configuration(c)).containsExactly("2 CPUs", "1 GiB", "kernel /boot/vmlinuz", "description \u201cweb\u201d",
                "highly available, priority 50", "CD-ROM tools.iso", "disk sys (virtio-blk, bootable, slot 0)", "disk data (virtio-scsi, read-only)",
                "pinned to hv1");
    }

    @Test
    void anOlderSnapshotSaysWhatItKept() {
        assertThat(SnapshotRow.configuration(new VmConfiguration(false, 1, 64, Vm.Boot.NONE, null, null, null, null, null, null))).containsExactly("1 CPU", "64 MiB",
                "only CPUs, memory and boot kept (an older snapshot)");
        assertThat(SnapshotRow.configuration(null)).singleElement().asString().contains("no configuration kept");
    }
}
