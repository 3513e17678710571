package dev.flotilla.manager.events;

import java.util.UUID;

/** Names one object for events, locks and permissions: its type, id and display name. */
public record ObjectRef(ObjectType type, UUID id, String name) {

    public static ObjectRef system() {
        return new ObjectRef(ObjectType.SYSTEM, null, "system");
    }

    public static ObjectRef vm(UUID id, String name) {
        return new ObjectRef(ObjectType.VM, id, name);
    }

    public static ObjectRef dataCenter(UUID id, String name) {
        return new ObjectRef(ObjectType.DATACENTER, id, name);
    }

    public static ObjectRef cluster(UUID id, String name) {
        return new ObjectRef(ObjectType.CLUSTER, id, name);
    }

    public static ObjectRef host(UUID id, String name) {
        return new ObjectRef(ObjectType.HOST, id, name);
    }

    public static ObjectRef storageDomain(UUID id, String name) {
        return new ObjectRef(ObjectType.STORAGE_DOMAIN, id, name);
    }

    public static ObjectRef disk(UUID id, String name) {
        return new ObjectRef(ObjectType.DISK, id, name);
    }
}
