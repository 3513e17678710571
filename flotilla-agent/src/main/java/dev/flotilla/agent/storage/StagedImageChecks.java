package dev.flotilla.agent.storage;

import dev.flotilla.agent.storage.StorageException.Problem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What qemu-img says of an image file the agent itself staged (an upload, an import), before it
 * becomes a disk: its format, probed — never done for a guest's disk, whose guest could write any
 * header — and, for a qcow2, whether it is sound.
 */
final class StagedImageChecks {

    private StagedImageChecks() {
    }

    /**
     * The format qemu-img finds in {@code file}. A qcow2 with an external data file is refused: that
     * file could be any file of the host.
     */
    static String probeFormat(ToolRunner runner, Duration timeout, Path file) throws StorageException {
        String action = "cannot read the image " + file;
        ToolRunner.Result r = ToolErrors.runOrThrow(runner, action, List.of("qemu-img", "info", "--output=json", file.toString()), Map.of(),
                timeout, piece -> { }, text -> text);
        try {
            var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.stdout());
            if (root.path("format-specific").path("data").hasNonNull("data-file")) {
                throw new StorageException(Problem.INVALID_REQUEST, action + ": it names an external data file, which is not allowed");
            }
            return root.path("format").asText("unknown");
        } catch (java.io.IOException e) {
            throw new StorageException(Problem.TOOL_FAILED, action + ": qemu-img printed no JSON", e);
        }
    }

    /** {@code qemu-img check} of a qcow2 file: refuses an image with corruptions or leaks it cannot explain. */
    static void check(ToolRunner runner, Duration timeout, Path file) throws StorageException {
        ToolRunner.Result r = runner.run(List.of("qemu-img", "check", "-q", "-f", "qcow2", file.toString()), Map.of(), timeout);
        if (!r.ok()) {
            throw new StorageException(Problem.INVALID_REQUEST, "the qcow2 image does not pass qemu-img check: " + r.message());
        }
    }
}
