package dev.flotilla.manager.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.datacenter.ResiliencePolicy;
import dev.flotilla.manager.migration.ResilienceSelection.Candidate;
import dev.flotilla.manager.migration.ResilienceSelection.Decision;
import dev.flotilla.manager.migration.ResilienceSelection.DiskPlace;
import dev.flotilla.manager.vm.VmStatus;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ResilienceSelectionTest {

    private static final UUID NFS = UUID.randomUUID();
    private static final UUID POSIX = UUID.randomUUID();

    private final Candidate plain = vm("plain", VmStatus.Up, null, false);
    private final Candidate ha = vm("ha", VmStatus.Up, null, true);

    @Test
    void migrateMovesEveryUpVmAndSaysWhy() {
        List<Decision> out = ResilienceSelection.select(ResiliencePolicy.MIGRATE, "h1", Set.of(), List.of(plain, ha));

        assertThat(out).allSatisfy(d -> assertThat(d.move()).isTrue());
        assertThat(out.get(0).reason()).isEqualTo("host h1 is NonOperational and the cluster's resilience policy is migrate");
    }

    @Test
    void migrateHighlyAvailableMovesOnlyTheHaVms() {
        List<Decision> out = ResilienceSelection.select(ResiliencePolicy.MIGRATE_HIGHLY_AVAILABLE, "h1", Set.of(), List.of(plain, ha));

        assertThat(out).extracting(d -> d.vm().name() + ":" + d.move()).containsExactly("plain:false", "ha:true");
        assertThat(out.get(0).reason()).contains("not highly available");
    }

    @Test
    void doNotMigrateKeepsEveryVm() {
        List<Decision> out = ResilienceSelection.select(ResiliencePolicy.DO_NOT_MIGRATE, "h1", Set.of(), List.of(plain, ha));

        assertThat(out).allSatisfy(d -> {
            assertThat(d.move()).isFalse();
            assertThat(d.reason()).isEqualTo("the cluster's resilience policy is do_not_migrate");
        });
    }

    @Test
    void aVmWithADiskOnADomainTheHostCannotReadStaysNamingDiskAndDomain() {
        Candidate onNfs = new Candidate(UUID.randomUUID(), "on-nfs", VmStatus.Up, null, true,
                List.of(new DiskPlace("boot", POSIX, "posix1"), new DiskPlace("data", NFS, "nfs1")));
        Candidate onPosix = new Candidate(UUID.randomUUID(), "on-posix", VmStatus.Up, null, false, List.of(new DiskPlace("boot", POSIX, "posix1")));

        List<Decision> out = ResilienceSelection.select(ResiliencePolicy.MIGRATE, "h1", Set.of(NFS), List.of(onNfs, onPosix));

        assertThat(out.get(0).move()).isFalse();
        assertThat(out.get(0).reason()).startsWith("its disk data is on storage domain nfs1, which host h1 cannot read")
                .contains("switch-over");
        assertThat(out.get(1).move()).as("its disks are on a domain the host reads").isTrue();
    }

    @Test
    void aVmPausedOnAnIoErrorStaysToBeResumedWhereItIs() {
        Candidate paused = vm("paused", VmStatus.Paused, "storage I/O error on disk-1 (write: Input/output error)", true);
        Candidate adminPaused = vm("admin", VmStatus.Paused, "paused by admin@internal", true);

        List<Decision> out = ResilienceSelection.select(ResiliencePolicy.MIGRATE, "h1", Set.of(), List.of(paused, adminPaused));

        assertThat(out.get(0).move()).isFalse();
        assertThat(out.get(0).reason()).contains("paused on a storage I/O error on disk-1", "resumed where it is once host h1 reads");
        assertThat(out.get(1).move()).isFalse();
        assertThat(out.get(1).reason()).isEqualTo("it is Paused; only an Up VM can be migrated");
    }

    @Test
    void aVmAlreadyMigratingIsLeftToItsMigration() {
        List<Decision> out = ResilienceSelection.select(ResiliencePolicy.MIGRATE, "h1", Set.of(),
                List.of(vm("moving", VmStatus.MigratingFrom, null, false), plain));

        assertThat(out).extracting(d -> d.vm().name()).containsExactly("plain");
    }

    @Test
    void theWireNamesAreOVirtsAndAnUnknownOneIsRefusedNamingTheField() {
        assertThat(ResiliencePolicy.names()).containsExactly("migrate", "migrate_highly_available", "do_not_migrate");
        assertThat(ResiliencePolicy.parse("resiliencePolicy", " do_not_migrate ")).isEqualTo(ResiliencePolicy.DO_NOT_MIGRATE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ResiliencePolicy.parse("resiliencePolicy", "sometimes"))
                .hasMessageContaining("must be one of [migrate, migrate_highly_available, do_not_migrate], not sometimes");
    }

    private static Candidate vm(String name, VmStatus status, String reason, boolean ha) {
        return new Candidate(UUID.randomUUID(), name, status, reason, ha, List.of());
    }
}
