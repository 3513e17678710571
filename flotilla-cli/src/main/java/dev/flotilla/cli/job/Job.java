package dev.flotilla.cli.job;

import dev.flotilla.cli.output.Cells;
import dev.flotilla.cli.output.Column;
import dev.flotilla.cli.output.Detail;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A job as the API returns it. */
record Job(String id, String description, String status, int progress, String owner, String reason, String startedAt,
           String endedAt, List<JobObject> objects, List<Step> steps) {

    record JobObject(String type, String id, String name) {
    }

    record Step(int number, String description, String status, String startedAt, String endedAt) {
    }

    static final List<Column<Job>> COLUMNS = List.of(
            Column.of("STARTED", j -> Cells.time(j.startedAt())),
            Column.of("STATUS", Job::status),
            Column.of("PROGRESS", j -> j.progress() + "%"),
            Column.of("DESCRIPTION", Job::description),
            Column.of("CONCERNS", Job::concerns),
            Column.of("OWNER", Job::owner),
            Column.of("ID", Job::id));

    String concerns() {
        return objects == null ? "" : objects.stream().map(o -> o.type() + " " + o.name()).collect(Collectors.joining(", "));
    }

    List<Detail> details() {
        List<Detail> lines = new ArrayList<>(List.of(
                Detail.of("Description", description),
                Detail.of("ID", id),
                Detail.of("Status", reason == null || reason.isEmpty() ? status : status + " (" + reason + ")"),
                Detail.of("Progress", progress + "%"),
                Detail.of("Concerns", concerns()),
                Detail.of("Owner", owner),
                Detail.of("Started", Cells.time(startedAt)),
                Detail.of("Ended", Cells.time(endedAt))));
        if (steps != null) {
            steps.forEach(s -> lines.add(Detail.of("Step " + s.number(), s.description() + " — " + s.status())));
        }
        return lines;
    }
}
