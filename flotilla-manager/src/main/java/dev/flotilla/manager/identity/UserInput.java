package dev.flotilla.manager.identity;

/** A new internal user, or a change to one (null fields stay); {@code unlock} clears a lock-out. */
public record UserInput(String username, String password, String displayName, String email, Boolean disabled, Boolean unlock) {
}
