package dev.flotilla.cli.vm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.cli.FlotillaCli;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flotilla vm migrate web [--to hv2] [--wait]}: a live migration; without {@code --to}
 * the scheduler picks the host. With {@code --wait} it follows the migration to its end and exits
 * 1 when it failed or was cancelled.
 */
@Command(name = "migrate", description = "Live-migrate a running VM to another host of its cluster (the scheduler picks one unless --to).")
final class VmMigrate implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "VM", description = "id or name")
    String vm;

    @Option(names = "--to", paramLabel = "HOST", description = "Target host (id or name).")
    String to;

    @Option(names = "--max-downtime", paramLabel = "MS", description = "Allowed guest pause at the switch-over (default: the manager's, 20 ms).")
    Integer maxDowntimeMs;

    @Option(names = "--bandwidth", paramLabel = "MIB_PER_S", description = "Bandwidth cap; 0 for none (default: the manager's, none).")
    Integer bandwidthMiBps;

    @Option(names = "--auto-converge", negatable = true, description = "Throttle the guest's vCPUs if it dirties memory faster than it is sent.")
    Boolean autoConverge;

    @Option(names = "--post-copy", negatable = true, description = "Switch to post-copy if the migration does not converge.")
    Boolean postCopy;

    @Option(names = "--wait", description = "Wait until the migration ends; exit 1 unless it completed.")
    boolean await;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3600", description = "With --wait (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    /** One long poll of {@code GET /migration?wait=} lasts at most this (the manager allows 60 s). */
    private static final long MAX_WAIT_SECONDS = 30;

    @Override
    public Integer call() {
        FlotillaCli cli = FlotillaCli.of(spec);
        String id = cli.resolve(VmCommand.VMS, "VM", vm);
        Map<String, Object> body = new LinkedHashMap<>();
        if (to != null) {
            body.put("targetHostId", cli.resolve("/hosts", "host", to));
        }
        putIfSet(body, "maxDowntimeMs", maxDowntimeMs);
        putIfSet(body, "bandwidthMiBps", bandwidthMiBps);
        putIfSet(body, "autoConverge", autoConverge);
        putIfSet(body, "postCopy", postCopy);
        if (!await) {
            cli.printer().row(cli.api().post(VmCommand.VMS + "/" + id + "/migrate", body), Migration.class, Migration.COLUMNS);
            return 0;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        // the first wait rides on the POST itself (the manager answers when the migration ended); then long polls
        JsonNode migration = cli.api().post(VmCommand.VMS + "/" + id + "/migrate?wait=" + Math.max(1, Math.min(MAX_WAIT_SECONDS, timeoutSeconds)), body);
        while ("Running".equals(migration.path("state").asText()) && System.nanoTime() < deadline) {
            // the manager answers as soon as the migration ends (a long poll), or after this many seconds
            long wait = Math.max(1, Math.min(MAX_WAIT_SECONDS, Duration.ofNanos(deadline - System.nanoTime()).toSeconds()));
            migration = cli.api().get(VmCommand.VMS + "/" + id + "/migration?wait=" + wait);
        }
        cli.printer().row(migration, Migration.class, Migration.COLUMNS);
        return "Completed".equals(migration.path("state").asText()) ? 0 : 1;
    }

    private static void putIfSet(Map<String, Object> body, String key, Object value) {
        if (value != null) {
            body.put(key, value);
        }
    }
}
