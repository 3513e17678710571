package dev.flotilla.cli.datacenter;

import dev.flotilla.cli.output.Detail;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A cluster as {@code GET /clusters/{id}} answers it. */
record Cluster(String id, String name, String dataCenterId, String description, int memoryOvercommitPercent,
               int cpuOvercommitPercent, String schedulingPolicy, Map<String, Integer> schedulingPolicyParameters, String cpuModel,
               long version, String resiliencePolicy) {

    List<Detail> details() {
        return List.of(Detail.of("Name", name), Detail.of("Id", id), Detail.of("Data center", dataCenterId),
                Detail.of("Description", description),
                Detail.of("Scheduling policy", schedulingPolicy),
                Detail.of("Policy overrides", schedulingPolicyParameters == null || schedulingPolicyParameters.isEmpty() ? "none"
                        : schedulingPolicyParameters.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "))),
                Detail.of("Memory overcommit", memoryOvercommitPercent + "%"),
                Detail.of("CPU overcommit", cpuOvercommitPercent + "%"),
                Detail.of("CPU family", cpuModel == null ? "any" : cpuModel),
                Detail.of("Resilience policy", resiliencePolicy),
                Detail.of("Version", version));
    }
}
