package dev.flotilla.cli.vm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.cli.FlotillaCli;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Polls the VM until it reaches a status, for scripts: {@code flotilla vm start web && flotilla vm wait web --status Up}. */
@Command(name = "wait", description = "Wait until a VM reaches a status; exit 1 on timeout.")
final class VmWait implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "VM", description = "id or name")
    String vm;

    @Option(names = "--status", required = true, paramLabel = "STATUS", converter = VmStatus.Converter.class,
            completionCandidates = VmStatus.Names.class, description = "One of: ${COMPLETION-CANDIDATES}.")
    VmStatus status;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300", description = "Default: ${DEFAULT-VALUE}.")
    long timeoutSeconds;

    // Hidden: lets tests poll without sleeping a second per round.
    @Option(names = "--poll-millis", hidden = true, defaultValue = "1000")
    long pollMillis;

    @Override
    public Integer call() throws InterruptedException {
        FlotillaCli cli = FlotillaCli.of(spec);
        String id = cli.resolve(VmCommand.VMS, "VM", vm);
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        while (true) {
            JsonNode node = cli.api().get(VmCommand.VMS + "/" + id);
            String current = node.path("status").asText();
            if (status.apiName().equals(current)) {
                cli.printer().row(node, Vm.class, Vm.COLUMNS);
                return 0;
            }
            if (System.nanoTime() >= deadline) {
                var err = spec.commandLine().getErr();
                err.printf("error: VM %s is still %s after %ds (waiting for %s)%n", vm, current, timeoutSeconds, status);
                err.flush();
                return 1;
            }
            Thread.sleep(pollMillis);
        }
    }
}
