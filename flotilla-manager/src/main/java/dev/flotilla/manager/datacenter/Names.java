package dev.flotilla.manager.datacenter;

import dev.flotilla.manager.api.BadRequestException;
import java.util.regex.Pattern;

/** The one rule for object names (data centers, clusters, hosts, VMs): what oVirt accepts, roughly. */
public final class Names {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Names() {
    }

    public static String require(String field, String name) {
        problem(name).ifPresent(reason -> {
            throw BadRequestException.field(field, reason);
        });
        return name;
    }

    /** Why the name is not acceptable, or empty when it is. */
    public static java.util.Optional<String> problem(String name) {
        if (name == null || name.isBlank()) {
            return java.util.Optional.of("is required");
        }
        if (!VALID.matcher(name).matches()) {
            return java.util.Optional.of("must be 1-64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return java.util.Optional.empty();
    }
}
