package dev.flotilla.manager.host;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The states of a host (oVirt's names) and which moves between them are legal. An illegal move
 * is a bug in the caller, so {@link #requireTransitionTo} throws {@link IllegalStateException};
 * user actions check {@link #canTransitionTo} first and answer 409.
 */
public enum HostStatus {
    PendingApproval, Installing, InstallFailed, Initializing, Up, Connecting, NonResponsive,
    PreparingForMaintenance, Maintenance, NonOperational, Down;

    private static final Map<HostStatus, Set<HostStatus>> NEXT = Map.ofEntries(
            Map.entry(PendingApproval, EnumSet.of(Installing)),
            Map.entry(Installing, EnumSet.of(Initializing, InstallFailed, Connecting, Maintenance)),
            Map.entry(InstallFailed, EnumSet.of(Installing, Initializing)),
            Map.entry(Initializing, EnumSet.of(Up, Connecting, NonOperational, Maintenance)),
            Map.entry(Up, EnumSet.of(Connecting, PreparingForMaintenance, Maintenance, NonOperational, Initializing)),
            Map.entry(Connecting, EnumSet.of(Initializing, Up, NonResponsive, Maintenance, PreparingForMaintenance)),
            Map.entry(NonResponsive, EnumSet.of(Initializing, Connecting, Maintenance, Down)),
            Map.entry(PreparingForMaintenance, EnumSet.of(Maintenance, Up, Connecting, Initializing)),
            Map.entry(Maintenance, EnumSet.of(Initializing, Connecting)),
            Map.entry(NonOperational, EnumSet.of(Initializing, Connecting, Maintenance)),
            Map.entry(Down, EnumSet.of(Initializing, Connecting, Maintenance)));

    public boolean canTransitionTo(HostStatus next) {
        return NEXT.get(this).contains(next);
    }

    public void requireTransitionTo(HostStatus next) {
        if (!canTransitionTo(next)) {
            throw new IllegalStateException("illegal host transition " + this + " -> " + next);
        }
    }

    /** A host the scheduler may place VMs on. */
    public boolean acceptsVms() {
        return this == Up;
    }

    /** States in which a host is expected to talk to us (and so can go silent). */
    public boolean expectsHeartbeats() {
        return this == Up || this == Initializing || this == PreparingForMaintenance || this == NonOperational;
    }

    public static HostStatus parse(String s) {
        for (HostStatus st : values()) {
            if (st.name().equalsIgnoreCase(s)) {
                return st;
            }
        }
        throw new IllegalArgumentException(s);
    }
}
