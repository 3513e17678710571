package dev.flotilla.agent.driver.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.agent.stats.ProcStats.ByteCounters;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the answer of QMP {@code query-blockstats}: bytes read and written by each of the VM's disks. Pure. */
final class BlockStats {

    private BlockStats() {
    }

    /**
     * One entry per guest-visible block device, keyed by its device path in the guest's tree
     * ({@code qdev}; the drive's name for one not attached to a device). Its top-level
     * {@code stats} count what the guest asked for; the {@code parent} (the image file) is not
     * counted again. A drive with no medium (an empty CD-ROM) has no block node, so no
     * {@code node-name}: it is not a disk and is left out, bytes the guest's probing read and all.
     */
    static Map<String, ByteCounters> parse(JsonNode blockstats) {
        if (!blockstats.isArray()) {
            throw new IllegalArgumentException("query-blockstats did not answer a list: " + blockstats);
        }
        Map<String, ByteCounters> disks = new LinkedHashMap<>();
        for (JsonNode device : blockstats) {
            if (!device.hasNonNull("node-name")) {
                continue;
            }
            String key = device.path("qdev").asText(device.path("device").asText(device.path("node-name").asText()));
            JsonNode stats = device.path("stats");
            disks.put(key, new ByteCounters(stats.path("rd_bytes").asLong(), stats.path("wr_bytes").asLong()));
        }
        return disks;
    }
}
