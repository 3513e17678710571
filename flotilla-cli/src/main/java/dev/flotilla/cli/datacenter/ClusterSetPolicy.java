package dev.flotilla.cli.datacenter;

import dev.flotilla.cli.FlotillaCli;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flotilla cluster set-policy prod power_saving --param LowUtilization=10}: the policy and
 * the complete set of overrides, as oVirt's Edit Cluster dialog saves them (no --param: the
 * policy's own values).
 */
@Command(name = "set-policy", description = "Set a cluster's scheduling policy and its parameter overrides (no --param clears them).")
final class ClusterSetPolicy implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CLUSTER", description = "id or name")
    String cluster;

    @Parameters(index = "1", paramLabel = "POLICY", description = "none, evenly_distributed, power_saving, vm_evenly_distributed or a custom policy")
    String policy;

    @Option(names = "--param", paramLabel = "NAME=VALUE",
            description = "Parameter override, e.g. HighUtilization=70 (repeatable): HighUtilization, LowUtilization, "
                    + "CpuOverCommitDurationMinutes, HighVmCount, MigrationThreshold, HostsInReserve, "
                    + "EnableAutomaticHostPowerManagement (1: power saving powers idle hosts off and on).")
    Map<String, Integer> params = new LinkedHashMap<>();

    @Override
    public Integer call() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schedulingPolicy", policy);
        body.put("schedulingPolicyParameters", params);
        return ClusterUpdate.patch(FlotillaCli.of(spec), cluster, body);
    }
}
