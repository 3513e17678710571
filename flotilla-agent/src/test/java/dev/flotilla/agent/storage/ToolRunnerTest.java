package dev.flotilla.agent.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ToolRunnerTest {

    private final ToolRunner runner = ToolRunner.direct();

    @Test
    void outputExitCodeAndEnvironment() throws Exception {
        ToolRunner.Result r = runner.run(List.of("sh", "-c", "echo out; echo err >&2; echo $LIBISCSI_CHAP_USERNAME; exit 3"),
                Map.of("LIBISCSI_CHAP_USERNAME", "u1"), Duration.ofSeconds(10));
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("out\nu1\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(r.message()).isEqualTo("err");
    }

    @Test
    void progressPiecesEndAtCarriageReturnsToo() throws Exception {
        List<String> pieces = new CopyOnWriteArrayList<>();
        runner.run(List.of("printf", "  (0.00/100%%)\\r  (50.00/100%%)\\r  (100.00/100%%)\\n"), Map.of(), Duration.ofSeconds(10), pieces::add);
        assertThat(pieces).containsExactly("  (0.00/100%)", "  (50.00/100%)", "  (100.00/100%)");
    }

    @Test
    void aToolPastItsDeadlineIsKilled() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> runner.run(List.of("sleep", "30"), Map.of(), Duration.ofMillis(300)))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.problem()).isEqualTo(StorageException.Problem.TIMEOUT))
                .hasMessageContaining("sleep did not finish within 0.3 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aMissingToolNamesItsPackage() {
        assertThatThrownBy(() -> runner.run(List.of("qemu-img-not-here"), Map.of(), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.problem()).isEqualTo(StorageException.Problem.TOOL_MISSING))
                .hasMessageContaining("qemu-img-not-here cannot be started");
    }

    @Test
    void theAgentsOwnChapLoginDoesNotLeakIntoTools() throws Exception {
        // the runner removes these before adding the volume's own; with none given, none is set
        ToolRunner.Result r = runner.run(List.of("sh", "-c", "echo \"[${LIBISCSI_CHAP_PASSWORD:-}]\""), Map.of(), Duration.ofSeconds(5));
        assertThat(r.stdout().strip()).isEqualTo("[]");
    }
}
