package dev.flotilla.cli.vm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.cli.FlotillaCli;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flotilla vm ha web --ha --priority 100}: whether a VM restarts elsewhere when its host fails, and in which order. */
@Command(name = "ha", description = "Show or set a VM's high availability: restarted on another host when its host fails, higher priority first.")
final class VmHa implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "VM", description = "id or name")
    String vm;

    @Option(names = "--ha", negatable = true, description = "Make the VM highly available (--no-ha: not).")
    Boolean highlyAvailable;

    @Option(names = "--priority", paramLabel = "0-100", description = "Restart order after a host failure, higher first (low 1, medium 50, high 100).")
    Integer priority;

    @Override
    public Integer call() {
        FlotillaCli cli = FlotillaCli.of(spec);
        String id = cli.resolve(VmCommand.VMS, "VM", vm);
        String path = VmCommand.VMS + "/" + id + "/highavailability";
        JsonNode ha;
        if (highlyAvailable == null && priority == null) {
            ha = cli.api().get(path);
        } else {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("enabled", highlyAvailable);
            body.put("priority", priority);
            ha = cli.api().put(path, body);
        }
        cli.printer().message("VM %s: %s, priority %d".formatted(vm, ha.path("enabled").asBoolean() ? "highly available" : "not highly available",
                ha.path("priority").asInt()), ha);
        return 0;
    }
}
