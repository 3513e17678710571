package dev.flotilla.cli.vm;

import dev.flotilla.cli.output.Cells;
import dev.flotilla.cli.output.Column;
import java.util.List;

/** A VM's running or last live migration, as {@code /vms/{id}/migration} answers it. */
record Migration(String vmName, String sourceHost, String targetHost, String state, Progress progress, Long downtimeMs,
                 Long totalTimeMs, String error, Timeline timeline) {

    record Progress(String status, Long totalBytes, Long remainingBytes, Long transferredBytes, Integer downtimeLimitMs) {}

    /** When the migration reached each step, ms since the manager accepted the call. */
    record Timeline(java.util.Map<String, Long> sinceAcceptedMs) {}

    static final List<Column<Migration>> COLUMNS = List.of(
            Column.of("VM", Migration::vmName),
            Column.of("FROM", Migration::sourceHost),
            Column.of("TO", Migration::targetHost),
            Column.of("STATE", Migration::state),
            Column.of("PROGRESS", Migration::progressText),
            Column.of("DOWNTIME", m -> m.downtimeMs() == null ? null : m.downtimeMs() + "ms"),
            Column.of("TOTAL", m -> m.totalTimeMs() == null ? null : m.totalTimeMs() + "ms"),
            // the call until the VM's row said Up on the target: what the client waited, QEMU's total-time included
            Column.of("CALL-TO-UP", m -> m.timeline() == null || m.timeline().sinceAcceptedMs() == null
                    || !m.timeline().sinceAcceptedMs().containsKey("recorded") ? null : m.timeline().sinceAcceptedMs().get("recorded") + "ms"),
            Column.of("ERROR", Migration::error));

    String progressText() {
        if (progress == null || progress.totalBytes() == null || progress.totalBytes() <= 0) {
            return null;
        }
        long left = progress.remainingBytes() == null ? 0 : progress.remainingBytes();
        return (100 - left * 100 / progress.totalBytes()) + "% (" + Cells.mebibytes(left / (1024 * 1024)) + " left)";
    }
}
