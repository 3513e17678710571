package dev.flotilla.manager.identity.access;

import static dev.flotilla.manager.identity.access.ActionGroup.*;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The roles every installation has, named as in oVirt so that its users find their way. Ids are
 * derived from the names, so they are the same on every manager and in tests. Predefined roles
 * cannot be changed or deleted; custom roles are made through the API.
 */
public final class PredefinedRoles {

    public static final Role SUPER_USER = admin("SuperUser", "Everything, everywhere", EnumSet.allOf(ActionGroup.class));
    public static final Role DATA_CENTER_ADMIN = admin("DataCenterAdmin", "Everything inside a data center",
            EnumSet.complementOf(EnumSet.of(CONFIGURE_SYSTEM, MANAGE_USERS, CREATE_DATACENTER)));
    public static final Role CLUSTER_ADMIN = admin("ClusterAdmin", "Clusters, their hosts and VMs",
            EnumSet.of(LOGIN, CREATE_CLUSTER, CHANGE_CLUSTER, DELETE_CLUSTER, CREATE_HOST, CHANGE_HOST, DELETE_HOST,
                    MANIPULATE_HOST, CREATE_VM, CHANGE_VM, DELETE_VM, RUN_VM, MIGRATE_VM, CONNECT_TO_VM, MANAGE_SNAPSHOTS,
                    CREATE_DISK, CHANGE_DISK, DELETE_DISK, MANAGE_NETWORKS, MANAGE_PERMISSIONS));
    public static final Role HOST_ADMIN = admin("HostAdmin", "Hosts: add, change, maintenance, fencing, removal",
            EnumSet.of(LOGIN, CREATE_HOST, CHANGE_HOST, DELETE_HOST, MANIPULATE_HOST, MANAGE_NETWORKS));
    public static final Role STORAGE_ADMIN = admin("StorageAdmin", "Storage domains and disks",
            EnumSet.of(LOGIN, MANAGE_STORAGE, CREATE_DISK, CHANGE_DISK, DELETE_DISK));
    public static final Role TEMPLATE_ADMIN = admin("TemplateAdmin", "Templates", EnumSet.of(LOGIN, MANAGE_TEMPLATES));
    public static final Role NETWORK_ADMIN = admin("NetworkAdmin", "Logical networks", EnumSet.of(LOGIN, MANAGE_NETWORKS));
    public static final Role READ_ONLY_ADMIN = admin("ReadOnlyAdmin", "Sees everything below the object, changes nothing",
            EnumSet.of(LOGIN));
    public static final Role USER_ROLE = user("UserRole", "Uses a VM: start, stop, console", EnumSet.of(LOGIN, RUN_VM, CONNECT_TO_VM));
    public static final Role POWER_USER_ROLE = user("PowerUserRole", "Makes VMs, disks and templates of its own",
            EnumSet.of(LOGIN, CREATE_VM, CREATE_DISK, MANAGE_TEMPLATES, RUN_VM, CONNECT_TO_VM));
    public static final Role USER_VM_MANAGER = user("UserVmManager", "Owns a VM: change, delete, snapshots, disks, who may use it",
            EnumSet.of(LOGIN, RUN_VM, CONNECT_TO_VM, CHANGE_VM, DELETE_VM, MANAGE_SNAPSHOTS, CREATE_DISK, CHANGE_DISK,
                    DELETE_DISK, MANAGE_PERMISSIONS));
    public static final Role VM_CREATOR = user("VmCreator", "Makes VMs (and becomes their UserVmManager)", EnumSet.of(LOGIN, CREATE_VM));
    public static final Role TEMPLATE_OWNER = user("TemplateOwner", "Owns a template: change, delete, who may use it",
            EnumSet.of(LOGIN, MANAGE_TEMPLATES, MANAGE_PERMISSIONS));

    public static final List<Role> ALL = List.of(SUPER_USER, CLUSTER_ADMIN, DATA_CENTER_ADMIN, HOST_ADMIN, STORAGE_ADMIN,
            TEMPLATE_ADMIN, NETWORK_ADMIN, READ_ONLY_ADMIN, USER_ROLE, POWER_USER_ROLE, USER_VM_MANAGER, VM_CREATOR, TEMPLATE_OWNER);

    private PredefinedRoles() {
    }

    public static Optional<Role> named(String name) {
        return ALL.stream().filter(r -> r.name().equalsIgnoreCase(name)).findFirst();
    }

    static UUID idOf(String name) {
        return UUID.nameUUIDFromBytes(("flotilla-role:" + name).getBytes(StandardCharsets.UTF_8));
    }

    private static Role admin(String name, String description, Set<ActionGroup> groups) {
        return new Role(idOf(name), name, description, true, true, Set.copyOf(groups));
    }

    private static Role user(String name, String description, Set<ActionGroup> groups) {
        return new Role(idOf(name), name, description, false, true, Set.copyOf(groups));
    }
}
