package dev.flotilla.cli.datacenter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.cli.FlotillaCli;
import dev.flotilla.cli.output.Detail;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flotilla cluster migration-defaults prod [--max-downtime 50] [--no-post-copy] [--reset]}:
 * without options it shows the cluster's own settings and those in effect; with options it
 * merges them over the own settings ({@code --reset} first drops them all back to the manager's).
 */
@Command(name = "migration-defaults", description = "Show or set the migration settings a cluster's VMs use when the call sets none.")
final class ClusterMigrationDefaults implements Callable<Integer> {

    /** The answer of {@code /clusters/{id}/migrationdefaults}. */
    record View(String clusterName, Settings own, Settings effective) {
        List<Detail> details() {
            return List.of(Detail.of("Cluster", clusterName),
                    Detail.of("Maximum downtime", ms(own.maxDowntimeMs()) + inForce(ms(effective.maxDowntimeMs()))),
                    Detail.of("Bandwidth", bandwidth(own.bandwidthMiBps()) + inForce(bandwidth(effective.bandwidthMiBps()))),
                    Detail.of("Auto-converge", onOff(own.autoConverge()) + inForce(onOff(effective.autoConverge()))),
                    Detail.of("Post-copy", onOff(own.postCopy()) + inForce(onOff(effective.postCopy()))));
        }

        private static String inForce(String value) {
            return " (in force: " + value + ")";
        }

        private static String ms(Integer v) {
            return v == null ? "manager's" : v + " ms";
        }

        private static String bandwidth(Integer v) {
            return v == null ? "manager's" : v == 0 ? "unlimited" : v + " MiB/s";
        }

        private static String onOff(Boolean v) {
            return v == null ? "manager's" : v ? "on" : "off";
        }
    }

    record Settings(Integer maxDowntimeMs, Integer bandwidthMiBps, Boolean autoConverge, Boolean postCopy) {
    }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CLUSTER", description = "id or name")
    String cluster;

    @Option(names = "--max-downtime", paramLabel = "MS", description = "Allowed guest pause at the switch-over, 1 to 60000 ms.")
    Integer maxDowntimeMs;

    @Option(names = "--bandwidth", paramLabel = "MIB_PER_S", description = "Bandwidth cap; 0 for none.")
    Integer bandwidthMiBps;

    @Option(names = "--auto-converge", negatable = true, description = "Throttle a guest that dirties memory faster than it is sent.")
    Boolean autoConverge;

    @Option(names = "--post-copy", negatable = true, description = "Switch to post-copy when the migration does not converge.")
    Boolean postCopy;

    @Option(names = "--reset", description = "Drop the cluster's own settings (the manager's apply), before the other options.")
    boolean reset;

    @Override
    public Integer call() {
        FlotillaCli cli = FlotillaCli.of(spec);
        String path = ClusterCommand.CLUSTERS + "/" + cli.resolve(ClusterCommand.CLUSTERS, "cluster", cluster) + "/migrationdefaults";
        JsonNode current = cli.api().get(path);
        if (!reset && maxDowntimeMs == null && bandwidthMiBps == null && autoConverge == null && postCopy == null) {
            cli.printer().details(current, View.class, View::details);
            return 0;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        JsonNode own = current.path("own");
        body.put("maxDowntimeMs", pick(maxDowntimeMs, reset ? null : number(own, "maxDowntimeMs")));
        body.put("bandwidthMiBps", pick(bandwidthMiBps, reset ? null : number(own, "bandwidthMiBps")));
        body.put("autoConverge", pick(autoConverge, reset ? null : flag(own, "autoConverge")));
        body.put("postCopy", pick(postCopy, reset ? null : flag(own, "postCopy")));
        cli.printer().details(cli.api().put(path, body), View.class, View::details);
        return 0;
    }

    private static Object pick(Object given, Object current) {
        return given != null ? given : current;
    }

    private static Integer number(JsonNode own, String field) {
        JsonNode v = own.path(field);
        return v.isNumber() ? v.asInt() : null;
    }

    private static Boolean flag(JsonNode own, String field) {
        JsonNode v = own.path(field);
        return v.isBoolean() ? v.asBoolean() : null;
    }
}
