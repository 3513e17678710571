package dev.flotilla.manager.storage;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The states of a disk (oVirt's names): Locked while a host makes, grows or removes its volume,
 * OK when usable, Illegal when an operation ended without telling whether the volume is whole
 * (a host that did not answer in time); an Illegal disk can only be removed.
 */
public enum DiskStatus {
    Locked, OK, Illegal;

    private static final Map<DiskStatus, Set<DiskStatus>> NEXT = Map.of(
            Locked, EnumSet.of(OK, Illegal),
            OK, EnumSet.of(Locked),
            Illegal, EnumSet.of(Locked));

    public boolean canTransitionTo(DiskStatus next) {
        return NEXT.get(this).contains(next);
    }

    public void requireTransitionTo(DiskStatus next) {
        if (!canTransitionTo(next)) {
            throw new IllegalStateException("illegal disk transition " + this + " -> " + next);
        }
    }
}
