package dev.flotilla.manager.vm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A host's reason longer than the status_reason column (found by HaFleetTest: a QEMU log tail) is cut, not refused. */
class StatusReasonFitTest {

    @Test
    void aReasonLongerThanTheColumnIsCutToItAndMarked() {
        String fitted = VmRepository.fitReason("QEMU exited unexpectedly: " + "x".repeat(5000));

        assertThat(fitted).hasSize(2048).startsWith("QEMU exited unexpectedly: ").endsWith("…");
        assertThat(VmRepository.fitReason("guest powered off")).isEqualTo("guest powered off");
    }
}
