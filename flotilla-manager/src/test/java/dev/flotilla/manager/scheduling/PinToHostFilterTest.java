package dev.flotilla.manager.scheduling;

import static dev.flotilla.manager.scheduling.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PinToHostFilterTest {

    final PinToHostFilter filter = new PinToHostFilter();
    final HostCandidate a = host("a", 4, 4096, 0, 0, 0);
    final HostCandidate b = host("b", 4, 4096, 0, 0, 0);

    @Test
    void anUnpinnedVmGoesAnywhere() {
        assertThat(filter.check(vm("v"), b, cluster(DEFAULT, a, b)).accepted()).isTrue();
    }

    @Test
    void aPinnedVmGoesOnlyToItsHosts() {
        VmDemand pinned = vm("v").pinnedTo(Set.of(a.id()));
        assertThat(filter.check(pinned, a, cluster(DEFAULT, a, b)).accepted()).isTrue();
        assertThat(filter.check(pinned, b, cluster(DEFAULT, a, b)).reason()).isEqualTo("the VM is pinned to 1 other host(s)");
    }

    @Test
    void pinsStoredForTheVmComeWithTheSnapshot() {
        VmDemand v = vm("v");
        var c = new ClusterSnapshot("c", DEFAULT, java.util.List.of(a, b), java.util.List.of(), java.util.Map.of(),
                java.util.Map.of(v.vmId(), Set.of(b.id())));
        assertThat(filter.check(v, a, c).accepted()).isFalse();
        assertThat(filter.check(v, b, c).accepted()).isTrue();
    }
}
