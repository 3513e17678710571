package dev.flotilla.manager.events;

/** The kinds of object an event or a change notification can be about. */
public enum ObjectType { SYSTEM, DATACENTER, CLUSTER, HOST, VM, STORAGE_DOMAIN, DISK, JOB, SNAPSHOT, TEMPLATE;

    public String label() {
        return name().toLowerCase();
    }

    public static ObjectType parse(String s) {
        return valueOf(s.trim().toUpperCase());
    }
}
