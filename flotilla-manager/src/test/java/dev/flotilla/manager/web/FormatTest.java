package dev.flotilla.manager.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormatTest {

    @Test
    void ratesReadInBinaryUnitsAsTheChartsAxes() {
        assertThat(Format.rate(0)).isEqualTo("0 B/s");
        assertThat(Format.rate(512)).isEqualTo("512 B/s");
        assertThat(Format.rate(1536)).isEqualTo("1.5 KiB/s");
        assertThat(Format.rate(20 * 1024 * 1024 + 100)).isEqualTo("20 MiB/s");
        assertThat(Format.rate(3L * 1024 * 1024 * 1024 * 1024)).isEqualTo("3072 GiB/s");
    }

    @Test
    void aVmsDevicesSayNoneUnknownOrWhatTheyMove() {
        assertThat(Format.devices(null, "disk", null, "read", null, "written")).isEqualTo("—");
        assertThat(Format.devices(0, "network interface", null, "received", null, "sent")).isEqualTo("no network interfaces");
        assertThat(Format.devices(2, "disk", 2048.0, "read", 0.0, "written")).isEqualTo("2 disks: 2 KiB/s read, 0 B/s written");
    }
}
