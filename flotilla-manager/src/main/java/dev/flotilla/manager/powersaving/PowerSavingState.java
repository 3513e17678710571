package dev.flotilla.manager.powersaving;

/**
 * Where power saving has a host: being switched off, off (to be powered on again when needed), being switched
 * on (until its agent reconnects and the host is activated), on again (kept on for a while so it
 * does not flap).
 */
public enum PowerSavingState {
    PoweringOff, Off, PoweringOn, On;

    /** Switched by power saving right now: one switch at a time per cluster. */
    boolean switching() {
        return this == PoweringOff || this == PoweringOn;
    }
}
