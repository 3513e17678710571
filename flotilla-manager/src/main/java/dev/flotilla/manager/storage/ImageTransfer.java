package dev.flotilla.manager.storage;

import java.time.Instant;
import java.util.UUID;

/**
 * An upload of a disk image or an ISO into a new disk (oVirt's image transfer): bytes are PUT in
 * ranges to {@code transferUrl}, staged on the host, then {@code finalize} verifies the image and
 * makes the volume. {@code stagedBytes} is where a broken upload resumes.
 *
 * @param phase Transferring, Finalizing, Finished, Failed, Cancelled or Expired (no bytes came for too long)
 */
public record ImageTransfer(UUID id, UUID diskId, String diskName, UUID storageDomainId, UUID hostId, String content,
                            String format, long totalBytes, long stagedBytes, Phase phase, String message, String transferUrl,
                            Instant createdAt, Instant updatedAt) {

    /** Where a transfer stands; only Transferring takes bytes. */
    public enum Phase { Transferring, Finalizing, Finished, Failed, Cancelled, Expired }

    /** Where the bytes of transfer {@code id} are PUT. */
    static String urlOf(UUID id) {
        return "/api/v1/imagetransfers/" + id + "/data";
    }

    ImageTransfer staged(long bytes, Instant now) {
        return new ImageTransfer(id, diskId, diskName, storageDomainId, hostId, content, format, totalBytes, bytes, phase, message,
                transferUrl, createdAt, now);
    }

    ImageTransfer in(Phase next, String why, Instant now) {
        return new ImageTransfer(id, diskId, diskName, storageDomainId, hostId, content, format, totalBytes, stagedBytes, next,
                why == null ? "" : why, transferUrl, createdAt, now);
    }

    private static final java.util.regex.Pattern RANGE = java.util.regex.Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");

    /** The first byte a {@code Content-Range: bytes FIRST-LAST/TOTAL} names; 0 without the header (the body is the image from its start). */
    public static long rangeStart(String range) {
        if (range == null || range.isBlank()) {
            return 0;
        }
        java.util.regex.Matcher m = RANGE.matcher(range.trim());
        if (!m.matches() || m.group(1).length() > 18) {
            throw dev.flotilla.manager.api.BadRequestException.field("Content-Range",
                    "must read 'bytes FIRST-LAST/TOTAL', e.g. bytes 0-1048575/4194304");
        }
        return Long.parseLong(m.group(1));
    }

    /** Body of {@code POST /api/v1/imagetransfers}: a new disk (or ISO) of {@code sizeBytes} bytes of image file. */
    public record Input(String name, String description, UUID storageDomainId, String format, Long sizeBytes) {
    }
}
