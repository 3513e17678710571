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
}
