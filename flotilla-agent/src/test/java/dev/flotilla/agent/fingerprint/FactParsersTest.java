package dev.flotilla.agent.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FactParsersTest {

    static final String CPUINFO = """
            processor\t: 0
            vendor_id\t: GenuineIntel
            model name\t: Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz
            flags\t\t: fpu vme de  pse vmx sse4_2

            processor\t: 1
            vendor_id\t: GenuineIntel
            model name\t: Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz
            flags\t\t: fpu vme de pse vmx sse4_2
            """;

    @Test
    void cpuModelFlagsAndCount() {
        FactParsers.CpuInfo cpu = FactParsers.parseCpuinfo(CPUINFO);
        assertThat(cpu.model()).isEqualTo("Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz");
        assertThat(cpu.flags()).isEqualTo("fpu vme de pse vmx sse4_2");
        assertThat(cpu.logicalCpus()).isEqualTo(2);
    }

    @Test
    void armCpuinfoHasFeaturesAndNoModelName() {
        FactParsers.CpuInfo cpu = FactParsers.parseCpuinfo("processor : 0\nFeatures : fp asimd evtstrm\nCPU implementer : 0x41\n");
        assertThat(cpu.model()).isEqualTo("unknown");
        assertThat(cpu.flags()).isEqualTo("fp asimd evtstrm");
    }

    @Test
    void osReleasePrettyNameUnquoted() {
        String text = "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n";
        assertThat(FactParsers.parseOsRelease(text)).isEqualTo("Debian GNU/Linux 12 (bookworm)");
        assertThat(FactParsers.parseOsRelease("NAME=Alpine\n")).isEqualTo("Alpine");
        assertThat(FactParsers.parseOsRelease("")).isEqualTo("Linux");
    }

    @Test
    void memTotal() {
        assertThat(FactParsers.parseMemTotalMiB("MemTotal:       16384000 kB\nMemFree: 1 kB\n")).isEqualTo(16000);
    }

    @Test
    void probesAFileTree(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("proc/sys/kernel"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("proc/cpuinfo"), CPUINFO);
        Files.writeString(root.resolve("proc/meminfo"), "MemTotal: 2097152 kB\n");
        Files.writeString(root.resolve("proc/sys/kernel/osrelease"), "6.1.0-18-amd64\n");
        Files.writeString(root.resolve("proc/sys/kernel/hostname"), "hv01\n");
        Files.writeString(root.resolve("etc/os-release"), "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
        assertThat(HostFingerprint.probe(root)).isEqualTo(new HostFingerprint("hv01",
                "Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz", "fpu vme de pse vmx sse4_2", 2, 2048,
                "Debian GNU/Linux 12 (bookworm)", "6.1.0-18-amd64"));
    }
}
