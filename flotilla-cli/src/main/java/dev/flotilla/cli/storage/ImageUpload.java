package dev.flotilla.cli.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.cli.FlotillaCli;
import dev.flotilla.cli.api.ApiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * An upload through the manager's image transfers: create the transfer, PUT the file in ranges
 * (streamed from the file, never read whole), then finalize (the host verifies the image). A range
 * that fails is sent again from where the transfer says its bytes end, a few times, so a dropped
 * connection does not start the upload over.
 */
final class ImageUpload {

    static final long RANGE_BYTES = 64L * 1024 * 1024;
    private static final int TRIES = 3;

    record BeginRequest(String name, String description, String storageDomainId, String format, long sizeBytes) {}

    private ImageUpload() {
    }

    /** Uploads {@code file}; answers the finished disk. */
    static JsonNode run(FlotillaCli cli, Path file, String name, String domainId, String format, String description) {
        long total;
        try {
            total = Files.size(file);
        } catch (IOException e) {
            throw new ApiException("cannot read " + file + ": " + e.getMessage());
        }
        JsonNode transfer = cli.api().post("/imagetransfers", new BeginRequest(name, description, domainId, format, total));
        String id = transfer.path("id").asText();
        String data = "/imagetransfers/" + id + "/data";
        long sent = 0;
        int failures = 0;
        while (sent < total) {
            long length = Math.min(RANGE_BYTES, total - sent);
            try {
                sent = cli.api().putRange(data, file, sent, length, total).path("stagedBytes").asLong();
                failures = 0;
            } catch (ApiException e) {
                if (++failures >= TRIES) {
                    cli.api().post("/imagetransfers/" + id + "/cancel", null);
                    throw e;
                }
                sent = cli.api().get("/imagetransfers/" + id).path("stagedBytes").asLong();
            }
            cli.printer().note(String.format(Locale.ROOT, "uploaded %d of %d bytes (%.0f%%)", sent, total, 100.0 * sent / total));
        }
        cli.api().post("/imagetransfers/" + id + "/finalize", null);
        return cli.api().get("/disks/" + transfer.path("diskId").asText());
    }
}
