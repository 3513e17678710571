package dev.flotilla.agent.driver.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.agent.stats.ProcStats.ByteCounters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing of QEMU 7.2's query-blockstats answer, recorded from a VM with a virtio disk and an empty CD-ROM drive. */
class BlockStatsTest {

    static final String VIRTIO_DISK = "/machine/peripheral-anon/device[1]/virtio-backend";

    @Test
    void countsTheDisksWithAMediumByWhatTheGuestAskedFor() {
        Map<String, ByteCounters> disks = BlockStats.parse(fixture());

        // the CD-ROM drive has no medium (its 54 bytes were the guest probing it); the virtio disk's
        // image file ("parent") is the same bytes again
        assertThat(disks).containsExactly(Map.entry(VIRTIO_DISK, new ByteCounters(12800, 0)));
    }

    @Test
    void aVmWithoutBlockDevicesHasNoDisks() {
        assertThat(BlockStats.parse(new ObjectMapper().createArrayNode())).isEmpty();
    }

    @Test
    void anAnswerThatIsNoListIsRefused() {
        assertThatThrownBy(() -> BlockStats.parse(new ObjectMapper().createObjectNode())).isInstanceOf(IllegalArgumentException.class);
    }

    /** The recorded answer: an array with the virtio disk, then the empty CD-ROM drive. */
    static JsonNode fixture() {
        try (var in = BlockStatsTest.class.getResourceAsStream("blockstats.json")) {
            assertThat(in).as("blockstats.json beside the test").isNotNull();
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
