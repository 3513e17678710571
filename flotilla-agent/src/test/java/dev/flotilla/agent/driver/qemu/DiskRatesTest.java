package dev.flotilla.agent.driver.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.agent.driver.VmState.Disks;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** When QEMU is asked for its blockstats, and what the answers make: a fake clock and a fake QMP. */
class DiskRatesTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final DiskRates rates = new DiskRates(nanos::get);
    /** Every question sent, unanswered until the test answers it. */
    private final List<CompletableFuture<JsonNode>> asked = new ArrayList<>();
    private final Supplier<CompletableFuture<JsonNode>> qmp = () -> {
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        asked.add(reply);
        return reply;
    };

    @Test
    void theFirstAnswerCountsTheDisksAndLaterOnesGiveRatesOverTheTimeBetween() {
        assertThat(rates.current(qmp)).as("nothing known before QEMU answered").isNull();
        assertThat(rates.current(qmp)).isNull();
        assertThat(asked).as("one question at a time").hasSize(1);

        asked.get(0).complete(blockstats(12800, 0));
        assertThat(rates.current(qmp)).isEqualTo(new Disks(1, 0, 0));
        assertThat(asked).as("not due again yet").hasSize(1);

        advance(DiskRates.EVERY);
        rates.current(qmp);
        asked.get(1).complete(blockstats(12800 + 8192, 2048));

        assertThat(rates.current(qmp)).isEqualTo(new Disks(1, 4096, 1024));
        assertThat(asked).hasSize(2);
    }

    @Test
    void aVmWithoutDisksIsAskedAgainOnlyNowAndThen() {
        rates.current(qmp);
        asked.get(0).complete(new ObjectMapper().createArrayNode());

        for (int i = 0; i < 14; i++) {
            advance(DiskRates.EVERY);
            assertThat(rates.current(qmp)).isEqualTo(Disks.NONE);
        }
        assertThat(asked).as("no question for 28 s").hasSize(1);

        advance(DiskRates.RECHECK_EMPTY.minus(DiskRates.EVERY.multipliedBy(14)));
        rates.current(qmp);
        assertThat(asked).as("asked again, a disk may have been hot-plugged").hasSize(2);
        asked.get(1).complete(blockstats(0, 0));
        assertThat(rates.current(qmp)).isEqualTo(new Disks(1, 0, 0));
    }

    @Test
    void noAnswerMeansUnknownAndTheNextRateStartsAfresh() {
        rates.current(qmp);
        asked.get(0).complete(blockstats(1000, 1000));
        advance(DiskRates.EVERY);
        rates.current(qmp);
        asked.get(1).completeExceptionally(new IOException("QMP connection closed"));

        assertThat(rates.current(qmp)).as("unknown, not zero").isNull();

        advance(DiskRates.EVERY);
        rates.current(qmp);
        asked.get(2).complete(blockstats(999_999, 999_999));
        assertThat(rates.current(qmp)).as("no earlier figures to compare with").isEqualTo(new Disks(1, 0, 0));
    }

    @Test
    void aQuestionThatCannotBeSentIsTriedAgainLater() {
        Supplier<CompletableFuture<JsonNode>> broken = () -> {
            throw new IllegalStateException("socket closed");
        };
        assertThat(rates.current(broken)).isNull();

        advance(DiskRates.EVERY);
        rates.current(qmp);
        assertThat(asked).hasSize(1);
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    /** The recorded answer with the virtio disk's counters set. */
    private static JsonNode blockstats(long read, long written) {
        ArrayNode answer = (ArrayNode) BlockStatsTest.fixture();
        ObjectNode stats = (ObjectNode) answer.get(0).get("stats");
        stats.put("rd_bytes", read).put("wr_bytes", written);
        return answer;
    }
}
