package dev.flotilla.manager.identity.access;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a role lets its holder do (oVirt's action groups, fewer of them). Seeing an object needs no
 * action group of its own: any role that reaches the object lets its holder see it ({@link #VIEW}).
 */
public enum ActionGroup {
    VIEW, LOGIN,
    CONFIGURE_SYSTEM, MANAGE_USERS, MANAGE_PERMISSIONS,
    CREATE_DATACENTER, CHANGE_DATACENTER, DELETE_DATACENTER,
    CREATE_CLUSTER, CHANGE_CLUSTER, DELETE_CLUSTER,
    CREATE_HOST, CHANGE_HOST, DELETE_HOST, MANIPULATE_HOST,
    MANAGE_STORAGE, CREATE_DISK, CHANGE_DISK, DELETE_DISK,
    MANAGE_TEMPLATES, MANAGE_NETWORKS,
    CREATE_VM, CHANGE_VM, DELETE_VM, RUN_VM, MIGRATE_VM, CONNECT_TO_VM, MANAGE_SNAPSHOTS;

    /** The name used in the API, in 403 answers and in the console: {@code run_vm}. */
    public String label() {
        return name().toLowerCase();
    }

    public static Optional<ActionGroup> parse(String label) {
        return Arrays.stream(values()).filter(g -> g.label().equalsIgnoreCase(label == null ? "" : label.trim())).findFirst();
    }
}
