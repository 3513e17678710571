package dev.flotilla.cli.vm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.cli.FlotillaCli;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flotilla vm pin web hv1 hv2} and {@code flotilla vm unpin web}: oVirt's "pin to host".
 * The pins replace the VM's previous ones and apply from its next start or migration.
 */
final class VmPin {

    private VmPin() {}

    @Command(name = "pin", description = "Pin a VM to some hosts of its cluster (replaces its pins; applies from the next start or migration).")
    static final class Pin implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "VM", description = "id or name")
        String vm;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "HOST", description = "id or name")
        List<String> hosts;

        @Override
        public Integer call() {
            FlotillaCli cli = FlotillaCli.of(spec);
            List<String> ids = hosts.stream().map(h -> cli.resolve("/hosts", "host", h)).toList();
            return put(cli, vm, ids);
        }
    }

    @Command(name = "unpin", description = "Let any host of its cluster run the VM again.")
    static final class Unpin implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "VM", description = "id or name")
        String vm;

        @Override
        public Integer call() {
            return put(FlotillaCli.of(spec), vm, List.of());
        }
    }

    private static int put(FlotillaCli cli, String vm, List<String> hostIds) {
        String id = cli.resolve(VmCommand.VMS, "VM", vm);
        JsonNode answer = cli.api().put(VmCommand.VMS + "/" + id + "/pinnedhosts", Map.of("hostIds", hostIds));
        List<String> names = new ArrayList<>();
        answer.path("hostIds").forEach(h -> names.add(cli.api().get("/hosts/" + h.asText()).path("name").asText(h.asText())));
        cli.printer().message(names.isEmpty() ? "VM " + vm + " is pinned to no host." : "VM " + vm + " is pinned to " + String.join(", ", names) + ".",
                answer);
        return 0;
    }
}
