package dev.flotilla.manager.identity;

/** A new internal group; directory groups appear when a member logs in. */
public record GroupInput(String name, String description) {
}
