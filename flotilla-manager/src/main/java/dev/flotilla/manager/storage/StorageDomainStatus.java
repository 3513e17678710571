package dev.flotilla.manager.storage;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The states of a storage domain (oVirt's names) and the legal moves between them. A new domain
 * is checked from a host and becomes Active in its data center; Maintenance is attached but not
 * in use (the state to detach or delete from); Unattached belongs to no data center; Inactive is
 * attached but no host could reach it when last asked; Locked is held by a long operation.
 */
public enum StorageDomainStatus {
    Unattached, Active, Inactive, Maintenance, Locked;

    private static final Map<StorageDomainStatus, Set<StorageDomainStatus>> NEXT = Map.of(
            Unattached, EnumSet.of(Maintenance, Locked),
            Maintenance, EnumSet.of(Active, Inactive, Unattached, Locked),
            Active, EnumSet.of(Maintenance, Inactive, Locked),
            Inactive, EnumSet.of(Active, Maintenance, Locked),
            Locked, EnumSet.of(Unattached, Active, Inactive, Maintenance));

    public boolean canTransitionTo(StorageDomainStatus next) {
        return NEXT.get(this).contains(next);
    }

    public void requireTransitionTo(StorageDomainStatus next) {
        if (!canTransitionTo(next)) {
            throw new IllegalStateException("illegal storage domain transition " + this + " -> " + next);
        }
    }

    /** Disks on the domain may be made, grown, removed and used by starting VMs. */
    public boolean isUsable() {
        return this == Active;
    }

    public static StorageDomainStatus parse(String s) {
        for (StorageDomainStatus st : values()) {
            if (st.name().equalsIgnoreCase(s)) {
                return st;
            }
        }
        throw new IllegalArgumentException(s);
    }
}
