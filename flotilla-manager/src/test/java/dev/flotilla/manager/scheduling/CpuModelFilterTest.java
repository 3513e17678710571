package dev.flotilla.manager.scheduling;

import static dev.flotilla.manager.scheduling.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuModelFilterTest {

    final CpuModelFilter filter = new CpuModelFilter();
    final ClusterPolicy epyc = new ClusterPolicy(100, 400, SchedulingPolicy.NONE, Map.of(), "EPYC");

    @Test
    void aClusterWithoutFamilyTakesAnyHost() {
        var h = host("a", 4, 4096, 0, 0, 0);
        assertThat(filter.check(vm("v"), h, cluster(DEFAULT, h)).accepted()).isTrue();
    }

    @Test
    void theHostModelMustNameTheClusterFamily() {
        var amd = model(host("amd", 4, 4096, 0, 0, 0), "AMD EPYC 7763 64-Core Processor");
        var intel = model(host("intel", 4, 4096, 0, 0, 0), "Intel(R) Xeon(R) Gold 6338");
        var unknown = host("unknown", 4, 4096, 0, 0, 0);

        assertThat(filter.check(vm("v"), amd, cluster(epyc, amd)).accepted()).isTrue();
        assertThat(filter.check(vm("v"), intel, cluster(epyc, intel)).reason())
                .isEqualTo("CPU Intel(R) Xeon(R) Gold 6338 is not of the cluster's family EPYC");
        assertThat(filter.check(vm("v"), unknown, cluster(epyc, unknown)).reason())
                .isEqualTo("the host has not reported its CPU model; the cluster needs EPYC");
    }
}
