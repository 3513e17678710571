package dev.flotilla.cli.datacenter;

import java.util.Map;
import picocli.CommandLine.Option;

/** The options {@code cluster create} and {@code cluster update} share; each one left out is not sent. */
final class ClusterSettings {

    @Option(names = "--description", paramLabel = "TEXT")
    String description;

    @Option(names = "--memory-overcommit", paramLabel = "PERCENT", description = "Memory overcommit, 100 to 400 (100: none).")
    Integer memoryOvercommit;

    @Option(names = "--cpu-overcommit", paramLabel = "PERCENT", description = "vCPUs per 100 host cores, 100 to 10000.")
    Integer cpuOvercommit;

    @Option(names = "--cpu-model", paramLabel = "FAMILY", description = "CPU family every host must report; \"\" for any.")
    String cpuModel;

    @Option(names = "--resilience-policy", paramLabel = "POLICY",
            description = "Which running VMs leave a host that goes NonOperational: migrate (all), migrate_highly_available, do_not_migrate.")
    String resiliencePolicy;

    void putInto(Map<String, Object> body) {
        putIfSet(body, "description", description);
        putIfSet(body, "memoryOvercommitPercent", memoryOvercommit);
        putIfSet(body, "cpuOvercommitPercent", cpuOvercommit);
        putIfSet(body, "cpuModel", cpuModel);
        putIfSet(body, "resiliencePolicy", resiliencePolicy);
    }

    static void putIfSet(Map<String, Object> body, String key, Object value) {
        if (value != null) {
            body.put(key, value);
        }
    }
}
