package dev.flotilla.manager.web;

import dev.flotilla.manager.vm.VmStatus;
import java.util.EnumSet;
import java.util.Set;

/**
 * The buttons of a VM row. The states mirror the VM actions' own checks so the console offers
 * only what would be accepted; the service still decides (and its refusal is shown) when the
 * row was stale.
 */
enum VmAction {
    START("start", "Start", EnumSet.of(VmStatus.Down), false),
    SHUTDOWN("shutdown", "Shutdown", EnumSet.of(VmStatus.Up, VmStatus.PoweringUp, VmStatus.PoweringDown), false),
    STOP("stop", "Power off", EnumSet.of(VmStatus.Up, VmStatus.PoweringUp, VmStatus.Paused, VmStatus.PoweringDown,
            VmStatus.WaitForLaunch, VmStatus.NotResponding), true),
    REBOOT("reboot", "Reboot", EnumSet.of(VmStatus.Up, VmStatus.PoweringUp), false),
    PAUSE("pause", "Pause", EnumSet.of(VmStatus.Up, VmStatus.PoweringUp), false),
    RESUME("resume", "Resume", EnumSet.of(VmStatus.Paused), false),
    // The scheduler picks the target, as oVirt's "automatic" choice; the API and CLI can name one.
    MIGRATE("migrate", "Migrate", EnumSet.of(VmStatus.Up), false),
    CANCEL_MIGRATION("cancelmigration", "Cancel migration", EnumSet.of(VmStatus.MigratingFrom), false),
    DELETE("delete", "Delete", EnumSet.of(VmStatus.Down), true);

    /** One button as the template draws it; {@code confirm} is null when no question is asked. */
    record Button(String action, String label, String confirm, boolean danger) {
    }

    private final String path;
    private final String label;
    private final Set<VmStatus> allowedIn;
    private final boolean destructive;

    VmAction(String path, String label, Set<VmStatus> allowedIn, boolean destructive) {
        this.path = path;
        this.label = label;
        this.allowedIn = allowedIn;
        this.destructive = destructive;
    }

    static VmAction parse(String path) {
        for (VmAction a : values()) {
            if (a.path.equals(path)) {
                return a;
            }
        }
        return null;
    }

    static java.util.List<Button> buttonsFor(String vmName, VmStatus status) {
        return java.util.Arrays.stream(values()).filter(a -> a.allowedIn.contains(status))
                .map(a -> new Button(a.path, a.label,
                        a.destructive ? "%s VM %s?".formatted(a.label, vmName) : null, a.destructive))
                .toList();
    }

    String label() {
        return label;
    }
}
