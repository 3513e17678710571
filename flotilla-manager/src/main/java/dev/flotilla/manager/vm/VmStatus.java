package dev.flotilla.manager.vm;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The states of a VM (oVirt's names) and the legal moves between them. */
public enum VmStatus {
    Down, WaitForLaunch, PoweringUp, Up, Paused, Suspended, PoweringDown, MigratingFrom, MigratingTo, Unknown, NotResponding;

    private static final Set<VmStatus> ALIVE = EnumSet.of(WaitForLaunch, PoweringUp, Up, Paused, PoweringDown,
            MigratingFrom, MigratingTo, Unknown, NotResponding);

    private static final Map<VmStatus, Set<VmStatus>> NEXT = Map.ofEntries(
            Map.entry(Down, EnumSet.of(WaitForLaunch, Up, PoweringUp, Paused)),
            Map.entry(WaitForLaunch, EnumSet.of(PoweringUp, Up, Paused, PoweringDown, Down, NotResponding, Unknown)),
            Map.entry(PoweringUp, EnumSet.of(Up, Paused, PoweringDown, Down, NotResponding, Unknown)),
            Map.entry(Up, EnumSet.of(Paused, PoweringDown, Down, NotResponding, Unknown, MigratingFrom)),
            Map.entry(Paused, EnumSet.of(Up, PoweringDown, Down, NotResponding, Unknown)),
            Map.entry(Suspended, EnumSet.of(WaitForLaunch, Down)),
            Map.entry(PoweringDown, EnumSet.of(Down, Up, Paused, NotResponding, Unknown)),
            Map.entry(MigratingFrom, EnumSet.of(Up, Down, Unknown, NotResponding)),
            Map.entry(MigratingTo, EnumSet.of(Up, Down, Unknown, NotResponding)),
            Map.entry(Unknown, EnumSet.of(Up, PoweringUp, Paused, PoweringDown, Down, NotResponding)),
            Map.entry(NotResponding, EnumSet.of(Up, PoweringUp, Paused, PoweringDown, Down, Unknown)));

    public boolean canTransitionTo(VmStatus next) {
        return NEXT.get(this).contains(next);
    }

    public void requireTransitionTo(VmStatus next) {
        if (!canTransitionTo(next)) {
            throw new IllegalStateException("illegal VM transition " + this + " -> " + next);
        }
    }

    /** The VM has (or is about to have) a process on a host. */
    public boolean isAlive() {
        return ALIVE.contains(this);
    }

    public static VmStatus parse(String s) {
        for (VmStatus st : values()) {
            if (st.name().equalsIgnoreCase(s)) {
                return st;
            }
        }
        throw new IllegalArgumentException(s);
    }
}
