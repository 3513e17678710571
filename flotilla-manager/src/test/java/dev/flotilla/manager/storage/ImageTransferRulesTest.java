package dev.flotilla.manager.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.manager.api.BadRequestException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The pure rules of image transfers: Content-Range, the declared formats, the phases a transfer moves through. */
class ImageTransferRulesTest {

    @Test
    void aRangeStartsWhereContentRangeSaysAndABodyWithoutOneStartsAtZero() {
        assertThat(ImageTransfer.rangeStart("bytes 1048576-2097151/4194304")).isEqualTo(1048576);
        assertThat(ImageTransfer.rangeStart("bytes 0-9/*")).isZero();
        assertThat(ImageTransfer.rangeStart(null)).isZero();
        assertThatThrownBy(() -> ImageTransfer.rangeStart("items 0-9/10")).isInstanceOf(BadRequestException.class)
                .satisfies(e -> assertThat(((BadRequestException) e).errors().get(0).field()).isEqualTo("Content-Range"));
    }

    @Test
    void theDeclaredFormatIsQcow2RawOrIsoWhateverTheCase() {
        assertThat(ImageTransferActions.content(" QCOW2 ")).isEqualTo("qcow2");
        assertThat(ImageTransferActions.content("iso")).isEqualTo("iso");
        assertThat(ImageTransferActions.content("vmdk")).isNull();
        assertThat(ImageTransferActions.content(null)).isNull();
    }

    @Test
    void stagedBytesAndPhasesChangeOnCopies() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        ImageTransfer t = new ImageTransfer(UUID.randomUUID(), UUID.randomUUID(), "d", UUID.randomUUID(), UUID.randomUUID(), "disk",
                "qcow2", 100, 0, ImageTransfer.Phase.Transferring, "", "/x", t0, t0);
        ImageTransfer later = t.staged(60, t0.plusSeconds(1)).in(ImageTransfer.Phase.Failed, "bad", t0.plusSeconds(2));
        assertThat(later.stagedBytes()).isEqualTo(60);
        assertThat(later.phase()).isEqualTo(ImageTransfer.Phase.Failed);
        assertThat(later.message()).isEqualTo("bad");
        assertThat(t.stagedBytes()).isZero();
    }
}
