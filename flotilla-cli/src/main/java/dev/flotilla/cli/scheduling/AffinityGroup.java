package dev.flotilla.cli.scheduling;

import dev.flotilla.cli.output.Column;
import dev.flotilla.cli.output.Detail;
import java.util.List;
import java.util.function.Function;

/** An affinity group as the API answers it; members are ids. */
record AffinityGroup(String id, String name, String description, boolean positive, boolean enforcing, List<String> vmIds,
                     List<String> hostIds, long version) {

    static final List<Column<AffinityGroup>> COLUMNS = List.of(
            Column.of("NAME", AffinityGroup::name),
            Column.of("RULE", AffinityGroup::rule),
            Column.of("ENFORCING", AffinityGroup::enforcingText),
            Column.of("VMS", g -> String.valueOf(g.vmIds().size())),
            Column.of("HOSTS", g -> String.valueOf(g.hostIds().size())),
            Column.of("ID", AffinityGroup::id));

    String rule() {
        return positive ? "positive" : "negative";
    }

    String enforcingText() {
        return enforcing ? "hard" : "soft";
    }

    /** The show view; {@code name} turns a member id into its name. */
    List<Detail> details(Function<String, String> vmName, Function<String, String> hostName) {
        return List.of(Detail.of("Name", name), Detail.of("Id", id), Detail.of("Description", description),
                Detail.of("Rule", rule() + (positive ? " (VMs together, on the hosts)" : " (VMs apart, off the hosts)")),
                Detail.of("Enforcing", enforcingText()),
                Detail.of("VMs", names(vmIds, vmName)), Detail.of("Hosts", names(hostIds, hostName)),
                Detail.of("Version", version));
    }

    private static String names(List<String> ids, Function<String, String> name) {
        return ids.isEmpty() ? "none" : String.join(", ", ids.stream().map(name).sorted().toList());
    }
}
