package dev.flotilla.manager.datacenter;

import dev.flotilla.manager.api.BadRequestException;
import java.util.Arrays;
import java.util.List;

/**
 * oVirt's cluster resilience policy: which running VMs are migrated away when their host goes
 * NonOperational (it runs, but lost something the cluster needs, e.g. a storage domain). The
 * wire names are the ones of oVirt's API.
 */
public enum ResiliencePolicy {
    MIGRATE("migrate"),
    MIGRATE_HIGHLY_AVAILABLE("migrate_highly_available"),
    DO_NOT_MIGRATE("do_not_migrate");

    public static final ResiliencePolicy DEFAULT = MIGRATE;

    private final String wire;

    ResiliencePolicy(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(ResiliencePolicy::wire).toList();
    }

    /** The policy named {@code value}; 400 naming {@code field} and the known names otherwise. */
    public static ResiliencePolicy parse(String field, String value) {
        return Arrays.stream(values()).filter(p -> p.wire.equals(value == null ? null : value.strip())).findFirst()
                .orElseThrow(() -> BadRequestException.field(field, "must be one of %s, not %s".formatted(names(), value)));
    }

    /** The stored name read back; an unknown one (never written by this code) counts as the default. */
    public static ResiliencePolicy of(String stored) {
        return Arrays.stream(values()).filter(p -> p.wire.equals(stored)).findFirst().orElse(DEFAULT);
    }
}
