package dev.flotilla.cli.datacenter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.cli.FakeManager;
import dev.flotilla.cli.FakeManager.CliResult;
import org.junit.jupiter.api.Test;

class ClusterCommandTest {

    @Test
    void datacenterAndClusterListsShowNameDescriptionId() throws Exception {
        try (FakeManager manager = new FakeManager()) {
            manager.on("GET /api/v1/datacenters", 200,
                    "{\"items\":[{\"id\":\"d1\",\"name\":\"Default\",\"description\":\"The default data center\"}],\"total\":1}")
                    .on("GET /api/v1/clusters", 200,
                    "{\"items\":[{\"id\":\"c1\",\"name\":\"Default\",\"description\":null,\"datacenterId\":\"d1\"}],\"total\":1}");

            CliResult datacenters = manager.cli("datacenter", "list");
            CliResult clusters = manager.cli("cluster", "list");

            assertThat(datacenters.outLines()).containsExactly(
                    "NAME      DESCRIPTION               ID",
                    "Default   The default data center   d1");
            assertThat(clusters.outLines()).containsExactly(
                    "NAME      DESCRIPTION   ID",
                    "Default   -             c1");
        }
    }
}
