package dev.flotilla.cli.job;

import dev.flotilla.cli.FlotillaCli;
import dev.flotilla.cli.api.Query;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flotilla job list|show}. */
@Command(name = "job", description = "Jobs: long operations (snapshot merges, copies) with steps and progress.")
public final class JobCommand {

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "List jobs, newest first.")
    int list(@Option(names = "--status", paramLabel = "STATUS", description = "running, finished, failed or cancelled.") String status,
             @Option(names = "--object", paramLabel = "ID", description = "Only the jobs concerning this object (VM, disk, …).") String objectId,
             @Option(names = "--page", paramLabel = "P") Integer page,
             @Option(names = "--size", paramLabel = "N") Integer size) {
        FlotillaCli cli = FlotillaCli.of(spec);
        Query query = Query.of().with("status", status).with("objectId", objectId).with("page", page).with("size", size);
        cli.printer().list(cli.api().get("/jobs", query), Job.class, Job.COLUMNS);
        return 0;
    }

    @Command(name = "show", description = "Show one job with its steps.")
    int show(@Parameters(paramLabel = "ID") String id) {
        FlotillaCli cli = FlotillaCli.of(spec);
        cli.printer().details(cli.api().get("/jobs/" + id), Job.class, Job::details);
        return 0;
    }
}
