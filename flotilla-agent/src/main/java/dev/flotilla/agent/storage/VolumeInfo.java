package dev.flotilla.agent.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@code qemu-img info --output=json} tells about one volume.
 *
 * @param location        the volume as it was asked for (never qemu-img's own "filename", which
 *                        for iSCSI spells out the CHAP secret)
 * @param format          qcow2 or raw; other formats are refused by {@link #parse}
 * @param virtualSize     the size the guest sees, in bytes
 * @param actualSize      bytes the image takes on its storage, when the storage tells (iSCSI does not)
 * @param backingFile     the backing file as written in the image, for an overlay
 * @param backingFormat   the backing file's format as written in the image
 * @param dirty           a qcow2 image left open by a QEMU that did not close it cleanly
 */
public record VolumeInfo(String location, VolumeFormat format, long virtualSize, OptionalLong actualSize,
                         Optional<String> backingFile, Optional<VolumeFormat> backingFormat, boolean dirty) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads qemu-img's JSON; throws IllegalArgumentException on anything but an info object of qcow2 or raw. */
    static VolumeInfo parse(String location, String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("qemu-img printed no JSON: " + ToolErrors.quote(json), e);
        }
        if (root == null || !root.isObject() || !root.hasNonNull("format") || !root.hasNonNull("virtual-size")) {
            throw new IllegalArgumentException("qemu-img's JSON lacks format or virtual-size: " + ToolErrors.quote(json));
        }
        String formatName = root.get("format").asText();
        VolumeFormat format = VolumeFormat.ofQemuName(formatName);
        if (format == null) {
            throw new IllegalArgumentException(location + " is a " + formatName + " image; Flotilla uses qcow2 or raw");
        }
        OptionalLong actual = root.hasNonNull("actual-size") ? OptionalLong.of(root.get("actual-size").asLong()) : OptionalLong.empty();
        Optional<String> backing = Optional.ofNullable(root.get("backing-filename")).map(JsonNode::asText);
        Optional<VolumeFormat> backingFormat = Optional.ofNullable(root.get("backing-filename-format"))
                .map(n -> VolumeFormat.ofQemuName(n.asText()));
        return new VolumeInfo(location, format, root.get("virtual-size").asLong(), actual, backing, backingFormat,
                root.path("dirty-flag").asBoolean(false));
    }
}
