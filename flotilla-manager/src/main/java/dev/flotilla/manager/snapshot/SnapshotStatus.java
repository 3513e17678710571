package dev.flotilla.manager.snapshot;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** OK; Locked while its volumes are made, merged or previewed; InPreview while the VM runs from it. */
public enum SnapshotStatus {
    OK, Locked, InPreview;

    private static final Map<SnapshotStatus, Set<SnapshotStatus>> NEXT = Map.of(
            OK, EnumSet.of(Locked),
            Locked, EnumSet.of(OK, InPreview),
            InPreview, EnumSet.of(Locked));

    public boolean canTransitionTo(SnapshotStatus next) {
        return NEXT.get(this).contains(next);
    }

    public void requireTransitionTo(SnapshotStatus next) {
        if (!canTransitionTo(next)) {
            throw new IllegalStateException("illegal snapshot transition " + this + " -> " + next);
        }
    }
}
