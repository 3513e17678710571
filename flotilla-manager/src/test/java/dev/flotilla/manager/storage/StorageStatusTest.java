package dev.flotilla.manager.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The transition tables of storage domains and disks. */
class StorageStatusTest {

    @Test
    void aDomainLeavesItsDataCenterOnlyFromMaintenance() {
        assertThat(StorageDomainStatus.Maintenance.canTransitionTo(StorageDomainStatus.Unattached)).isTrue();
        assertThat(StorageDomainStatus.Active.canTransitionTo(StorageDomainStatus.Unattached)).isFalse();
        assertThat(StorageDomainStatus.Inactive.canTransitionTo(StorageDomainStatus.Unattached)).isFalse();
    }

    @Test
    void anUnattachedDomainMustBeAttachedBeforeItIsActive() {
        assertThat(StorageDomainStatus.Unattached.canTransitionTo(StorageDomainStatus.Active)).isFalse();
        assertThat(StorageDomainStatus.Unattached.canTransitionTo(StorageDomainStatus.Maintenance)).isTrue();
        assertThat(StorageDomainStatus.Maintenance.canTransitionTo(StorageDomainStatus.Active)).isTrue();
        assertThat(StorageDomainStatus.Inactive.canTransitionTo(StorageDomainStatus.Active)).isTrue();
        assertThatThrownBy(() -> StorageDomainStatus.Unattached.requireTransitionTo(StorageDomainStatus.Active))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Unattached -> Active");
    }

    @Test
    void onlyAnActiveDomainIsUsable() {
        for (StorageDomainStatus s : StorageDomainStatus.values()) {
            assertThat(s.isUsable()).as(s.name()).isEqualTo(s == StorageDomainStatus.Active);
        }
    }

    @Test
    void aDiskIsLockedForEveryHostOperationAndAnIllegalDiskCanOnlyBeLockedForRemoval() {
        assertThat(DiskStatus.OK.canTransitionTo(DiskStatus.Locked)).isTrue();
        assertThat(DiskStatus.Locked.canTransitionTo(DiskStatus.OK)).isTrue();
        assertThat(DiskStatus.Locked.canTransitionTo(DiskStatus.Illegal)).isTrue();
        assertThat(DiskStatus.Illegal.canTransitionTo(DiskStatus.OK)).isFalse();
        assertThat(DiskStatus.OK.canTransitionTo(DiskStatus.Illegal)).isFalse();
    }
}
