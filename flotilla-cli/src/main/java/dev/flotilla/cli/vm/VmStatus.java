package dev.flotilla.cli.vm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The VM states of the API, checked on the command line so that {@code vm wait --status upp}
 * fails at once (exit 2) instead of waiting for a state that never comes.
 */
enum VmStatus {
    DOWN("Down"), WAIT_FOR_LAUNCH("WaitForLaunch"), POWERING_UP("PoweringUp"), UP("Up"), PAUSED("Paused"),
    SUSPENDED("Suspended"), POWERING_DOWN("PoweringDown"), MIGRATING_FROM("MigratingFrom"),
    MIGRATING_TO("MigratingTo"), UNKNOWN("Unknown"), NOT_RESPONDING("NotResponding");

    private final String apiName;

    VmStatus(String apiName) {
        this.apiName = apiName;
    }

    /** The spelling on the wire, such as {@code WaitForLaunch}. */
    String apiName() {
        return apiName;
    }

    @Override
    public String toString() {
        return apiName;
    }

    /** Accepts {@code Up}, {@code up}, {@code waitforlaunch}, {@code WAIT_FOR_LAUNCH}, {@code wait-for-launch}. */
    static final class Converter implements ITypeConverter<VmStatus> {
        @Override
        public VmStatus convert(String value) {
            String wanted = normalize(value);
            return Arrays.stream(values())
                    .filter(s -> normalize(s.apiName).equals(wanted))
                    .findFirst()
                    .orElseThrow(() -> new TypeConversionException("'" + value + "' is not a VM status; one of: "
                            + Arrays.stream(values()).map(VmStatus::apiName).collect(Collectors.joining(", "))));
        }

        private static String normalize(String s) {
            return s.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
        }
    }

    /** For {@code ${COMPLETION-CANDIDATES}} in help and shell completion. */
    static final class Names extends ArrayList<String> {
        Names() {
            Arrays.stream(values()).map(VmStatus::apiName).forEach(this::add);
        }
    }
}
