package dev.flotilla.agent.driver.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AccelDetectorTest {

    private static final String INTEL = "flags\t\t: fpu vme de pse tsc msr vmx smx est";
    private static final String AMD = "fpu vme svm extapic";
    private static final String NO_VIRT = "processor\t: 0\nflags\t\t: fpu vme de pse hypervisor\nbugs\t\t: spectre_v1\n";

    @Test
    void autoUsesKvmWhenDeviceAndCpuFlagsAreThere() {
        assertThat(AccelDetector.decide("auto", true, INTEL).accel()).isEqualTo("kvm");
        assertThat(AccelDetector.decide("auto", true, AMD).accel()).isEqualTo("kvm");
        assertThat(AccelDetector.decide(null, true, AMD).accel()).isEqualTo("kvm");
    }

    @Test
    void autoFallsBackToTcgAndSaysWhy() {
        assertThat(AccelDetector.decide("auto", true, NO_VIRT))
                .isEqualTo(new AccelDetector.Choice("tcg", "TCG: /dev/kvm exists but the CPU shows no vmx/svm"));
        assertThat(AccelDetector.decide("auto", false, INTEL).reason()).startsWith("TCG:").contains("/dev/kvm is missing");
        assertThat(AccelDetector.decide("auto", false, NO_VIRT).reason()).isEqualTo("TCG: no /dev/kvm and the CPU shows no vmx/svm");
    }

    @Test
    void flagsAreMatchedAsWholeWords() {
        // "vmx" inside another flag name must not count.
        assertThat(AccelDetector.decide("auto", true, "flags : fpu notvmx svmish").accel()).isEqualTo("tcg");
    }

    @Test
    void configurationForcesEitherWay() {
        assertThat(AccelDetector.decide("kvm", false, NO_VIRT))
                .isEqualTo(new AccelDetector.Choice("kvm", "KVM: forced by configuration"));
        assertThat(AccelDetector.decide("TCG", true, INTEL))
                .isEqualTo(new AccelDetector.Choice("tcg", "TCG: forced by configuration"));
    }

    @Test
    void rejectsUnknownModes() {
        assertThatThrownBy(() -> AccelDetector.decide("xen", true, INTEL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("xen");
    }
}
