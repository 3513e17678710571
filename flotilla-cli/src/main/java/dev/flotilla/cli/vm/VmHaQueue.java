package dev.flotilla.cli.vm;

import dev.flotilla.cli.FlotillaCli;
import dev.flotilla.cli.output.Cells;
import dev.flotilla.cli.output.Column;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code flotilla vm ha-queue}: the highly available VMs waiting to be restarted, in restart order. */
@Command(name = "ha-queue", description = "List the HA restart queue: VMs waiting to be restarted, priority, attempts, next try, last failure.")
final class VmHaQueue implements Callable<Integer> {

    record Restart(String id, String vmName, int priority, int attempts, int maxAttempts, String nextTryAt, String reason, String lastError) {
    }

    static final List<Column<Restart>> COLUMNS = List.of(Column.of("VM", Restart::vmName), Column.of("PRIORITY", r -> String.valueOf(r.priority())),
            Column.of("ATTEMPTS", r -> r.attempts() + "/" + r.maxAttempts()), Column.of("NEXT TRY", r -> Cells.time(r.nextTryAt())),
            Column.of("QUEUED BECAUSE", Restart::reason), Column.of("LAST FAILURE", r -> r.lastError() == null || r.lastError().isEmpty() ? "-" : r.lastError()));

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.printer().list(cli.api().get("/ha/restarts"), Restart.class, COLUMNS);
        return 0;
    }
}
