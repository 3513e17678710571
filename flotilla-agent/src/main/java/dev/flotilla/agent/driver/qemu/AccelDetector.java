package dev.flotilla.agent.driver.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** Chooses between KVM and TCG. The decision is a pure function so every rule has a unit test. */
final class AccelDetector {

    /** The acceleration to use and a sentence saying why. */
    record Choice(String accel, String reason) {}

    private AccelDetector() {}

    /** Looks at this machine: /dev/kvm and the CPU flags in /proc/cpuinfo. */
    static Choice detect(String configured) {
        boolean kvmExists = Files.exists(Path.of("/dev/kvm"));
        String flags;
        try {
            flags = cpuFlags(Files.readString(Path.of("/proc/cpuinfo")));
        } catch (IOException e) {
            flags = "";
        }
        return decide(configured, kvmExists, flags);
    }

    /**
     * @param configured   "auto", "kvm" or "tcg" (null or blank means "auto")
     * @param kvmExists    whether /dev/kvm exists
     * @param cpuinfoFlags the "flags" line of /proc/cpuinfo (or just its value)
     */
    static Choice decide(String configured, boolean kvmExists, String cpuinfoFlags) {
        String mode = configured == null || configured.isBlank() ? "auto" : configured.trim().toLowerCase(Locale.ROOT);
        switch (mode) {
            case "kvm":
                return new Choice("kvm", "KVM: forced by configuration");
            case "tcg":
                return new Choice("tcg", "TCG: forced by configuration");
            case "auto":
                break;
            default:
                throw new IllegalArgumentException("accel must be auto, kvm or tcg, not '" + configured + "'");
        }
        boolean virtFlag = Arrays.stream(cpuFlags(cpuinfoFlags == null ? "" : cpuinfoFlags).split("\\s+"))
                .anyMatch(flag -> flag.equals("vmx") || flag.equals("svm"));
        if (kvmExists && virtFlag) {
            return new Choice("kvm", "KVM: /dev/kvm exists and the CPU shows vmx/svm");
        }
        if (kvmExists) {
            // A /dev/kvm without vmx/svm is typically nested virtualization that works but crawls.
            return new Choice("tcg", "TCG: /dev/kvm exists but the CPU shows no vmx/svm");
        }
        return new Choice("tcg", virtFlag
                ? "TCG: the CPU shows vmx/svm but /dev/kvm is missing (kvm module not loaded?)"
                : "TCG: no /dev/kvm and the CPU shows no vmx/svm");
    }

    /** The value of the first "flags" line of /proc/cpuinfo; text without such a line is taken as the flags. */
    private static String cpuFlags(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals("flags")) {
                return line.substring(colon + 1).trim();
            }
        }
        return cpuinfo.trim();
    }
}
