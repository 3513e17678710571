package dev.flotilla.cli.datacenter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.cli.FlotillaCli;
import dev.flotilla.cli.output.Cells;
import dev.flotilla.cli.output.Column;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flotilla cluster power-saving prod}: whether power saving is on, the reserve, and each
 * host's standing (powered off by power saving, on its way back, idle, why it stays on). It is
 * switched on with {@code set-policy prod power_saving --param EnableAutomaticHostPowerManagement=1}.
 */
@Command(name = "power-saving", description = "Show a cluster's power saving: which hosts it powered off, and why the others stay on.")
final class ClusterPowerSaving implements Callable<Integer> {

    record HostRow(String name, String status, String state, String since, String note) {
    }

    static final List<Column<HostRow>> COLUMNS = List.of(Column.of("HOST", HostRow::name), Column.of("STATUS", HostRow::status),
            Column.of("POWER SAVING", r -> r.state() == null ? "-" : r.state()), Column.of("SINCE", r -> Cells.time(r.since())),
            Column.of("WHY", HostRow::note));

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CLUSTER", description = "id or name")
    String cluster;

    @Override
    public Integer call() {
        FlotillaCli cli = FlotillaCli.of(spec);
        String id = cli.resolve(ClusterCommand.CLUSTERS, "cluster", cluster);
        JsonNode answer = cli.api().get(ClusterCommand.CLUSTERS + "/" + id + "/powersaving");
        cli.printer().note(answer.path("enabled").asBoolean()
                ? "power saving is on: idle Up hosts beyond %d in reserve are powered off".formatted(answer.path("hostsInReserve").asInt())
                : "power saving is off (policy %s)".formatted(answer.path("policy").asText()));
        ObjectNode page = answer.deepCopy();
        page.set("items", answer.path("hosts"));
        page.put("total", answer.path("hosts").size());
        cli.printer().list(page, HostRow.class, COLUMNS);
        return 0;
    }
}
