package dev.flotilla.manager.web;

import dev.flotilla.manager.storage.StorageDomainStatus;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The buttons of a storage domain row, offered in the statuses the domain actions accept (the
 * service still decides, and its refusal is shown, when the row was stale). Attach has a data
 * center to choose, so the page draws it as a small form of its own.
 */
enum StorageAction {
    ACTIVATE("activate", "Activate", EnumSet.of(StorageDomainStatus.Maintenance, StorageDomainStatus.Inactive), false),
    DEACTIVATE("deactivate", "Maintenance", EnumSet.of(StorageDomainStatus.Active, StorageDomainStatus.Inactive), false),
    DETACH("detach", "Detach", EnumSet.of(StorageDomainStatus.Maintenance), true),
    DELETE("delete", "Remove", EnumSet.of(StorageDomainStatus.Maintenance, StorageDomainStatus.Unattached), true);

    private final String path;
    private final String label;
    private final Set<StorageDomainStatus> allowedIn;
    private final boolean destructive;

    StorageAction(String path, String label, Set<StorageDomainStatus> allowedIn, boolean destructive) {
        this.path = path;
        this.label = label;
        this.allowedIn = allowedIn;
        this.destructive = destructive;
    }

    static StorageAction parse(String path) {
        return Arrays.stream(values()).filter(a -> a.path.equals(path)).findFirst().orElse(null);
    }

    static List<VmAction.Button> buttonsFor(String name, StorageDomainStatus status) {
        return Arrays.stream(values()).filter(a -> a.allowedIn.contains(status))
                .map(a -> new VmAction.Button(a.path, a.label, a.destructive ? "%s storage domain %s?".formatted(a.label, name) : null, a.destructive))
                .toList();
    }

    String label() {
        return label;
    }
}
