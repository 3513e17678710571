package dev.flotilla.agent.domainmonitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.driver.RunState;
import dev.flotilla.agent.driver.VmState;
import dev.flotilla.agent.storage.StorageConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StorageStallsTest {

    private static final Map<String, StorageConnection> DOMAINS = Map.of(
            "nfs1", new StorageConnection.Nfs("10.213.0.10", "/export"),
            "posix1", new StorageConnection.Posix(Path.of("/srv/posix")),
            "iscsi1", new StorageConnection.Iscsi("10.213.0.10", "iqn.2026-11.dev.flotilla:lab"));
    private static final DomainHealth NFS_HUNG = new DomainHealth("nfs1", true, false, Duration.ofSeconds(12), Duration.ofSeconds(12),
            "no answer from nfs 10.213.0.10:/export for 12 s (timeout 10 s)", OptionalLong.empty(), OptionalLong.empty());
    private static final DomainHealth POSIX_OK = new DomainHealth("posix1", true, true, Duration.ofMillis(3), Duration.ofSeconds(1), "",
            OptionalLong.empty(), OptionalLong.empty());

    @Test
    void aRunningVmWithADiskOnAHungDomainAndNoIoIsStalledNamingDiskAndDomain() {
        VmState vm = vm(RunState.RUNNING, new VmState.Disks(1, 0, 0), "nfs://10.213.0.10/export/images/d1/v1.qcow2");

        Map<UUID, String> out = StorageStalls.stalled(List.of(vm), List.of(NFS_HUNG, POSIX_OK), DOMAINS);

        assertThat(out).containsOnlyKeys(vm.id());
        assertThat(out.get(vm.id())).startsWith("disk d1 is on nfs 10.213.0.10:/export, which does not answer on this host (no answer from");
    }

    @Test
    void unknownBlockStatisticsCountAsStoppedAndABackingLayerCountsToo() {
        VmState vm = new VmState(UUID.randomUUID(), "vm", RunState.RUNNING, "", 1, 0, 0, 0, null, null,
                List.of(new VmState.DiskInUse("d1", "top", List.of("/srv/posix/images/d1/top.qcow2",
                        "nfs://10.213.0.10/export/images/d1/base.qcow2"))));

        assertThat(StorageStalls.stalled(List.of(vm), List.of(NFS_HUNG, POSIX_OK), DOMAINS)).containsOnlyKeys(vm.id());
    }

    @Test
    void ioThatStillCompletesAPausedVmAndDisksElsewhereAreNotStalls() {
        VmState moving = vm(RunState.RUNNING, new VmState.Disks(1, 4096, 0), "nfs://10.213.0.10/export/images/d1/v1.qcow2");
        VmState paused = vm(RunState.PAUSED, new VmState.Disks(1, 0, 0), "nfs://10.213.0.10/export/images/d1/v1.qcow2");
        VmState elsewhere = vm(RunState.RUNNING, new VmState.Disks(1, 0, 0), "/srv/posix/images/d2/v2.qcow2");
        VmState noDisks = new VmState(UUID.randomUUID(), "bare", RunState.RUNNING, "", 1, 0, 0, 0, VmState.Disks.NONE, null);

        assertThat(StorageStalls.stalled(List.of(moving, paused, elsewhere, noDisks), List.of(NFS_HUNG, POSIX_OK), DOMAINS)).isEmpty();
        VmState idle = vm(RunState.RUNNING, new VmState.Disks(1, 0, 0), "nfs://10.213.0.10/export/images/d1/v1.qcow2");
        assertThat(StorageStalls.stalled(List.of(idle), List.of(POSIX_OK), DOMAINS)).as("every domain reads").isEmpty();
    }

    @Test
    void locationsMapToTheirDomainByPrefix() {
        assertThat(StorageStalls.domainOf("nfs://10.213.0.10/export/images/a/b.qcow2", DOMAINS)).isEqualTo("nfs1");
        assertThat(StorageStalls.domainOf("nfs://10.213.0.10/export2/images/a/b.qcow2", DOMAINS)).isNull();
        assertThat(StorageStalls.domainOf("iscsi://10.213.0.10:3260/iqn.2026-11.dev.flotilla:lab/3", DOMAINS)).isEqualTo("iscsi1");
        assertThat(StorageStalls.domainOf("/srv/posix/images/a/b.qcow2", DOMAINS)).isEqualTo("posix1");
        assertThat(StorageStalls.domainOf("/srv/posixy/b.qcow2", DOMAINS)).isNull();
    }

    private static VmState vm(RunState state, VmState.Disks disks, String location) {
        return new VmState(UUID.randomUUID(), "vm", state, "", 1, 0, 0, 0, disks, null,
                List.of(new VmState.DiskInUse("d1", "v1", List.of(location))));
    }
}
