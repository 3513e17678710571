package dev.flotilla.cli.scheduling;

import dev.flotilla.cli.output.Column;
import dev.flotilla.cli.output.Detail;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A scheduling policy as the API answers it. */
record SchedulingPolicy(String name, String description, boolean builtIn, List<String> filters, List<Scorer> scorers, String balancer,
                        Map<String, Integer> parameters, long version) {

    record Scorer(String name, int weight) {
    }

    /** A scheduling unit of {@code /schedulingpolicyunits}. */
    record Unit(String name, String type, String description) {
        static final List<Column<Unit>> COLUMNS = List.of(Column.of("NAME", Unit::name), Column.of("TYPE", Unit::type),
                Column.of("DESCRIPTION", Unit::description));
    }

    static final List<Column<SchedulingPolicy>> COLUMNS = List.of(
            Column.of("NAME", SchedulingPolicy::name),
            Column.of("BUILT-IN", p -> p.builtIn() ? "yes" : "no"),
            Column.of("BALANCER", p -> p.balancer() == null ? "-" : p.balancer()),
            Column.of("PARAMETERS", SchedulingPolicy::parameterText),
            Column.of("DESCRIPTION", SchedulingPolicy::description));

    String parameterText() {
        return parameters == null || parameters.isEmpty() ? "-"
                : parameters.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    List<Detail> details() {
        return List.of(Detail.of("Name", name), Detail.of("Description", description), Detail.of("Built-in", builtIn ? "yes (read-only)" : "no"),
                Detail.of("Filters", String.join(", ", filters)),
                Detail.of("Scorers", scorers.stream().map(s -> s.name() + "=" + s.weight()).collect(Collectors.joining(", "))),
                Detail.of("Balancer", balancer == null ? "none" : balancer),
                Detail.of("Parameters", parameterText()), Detail.of("Version", version));
    }
}
