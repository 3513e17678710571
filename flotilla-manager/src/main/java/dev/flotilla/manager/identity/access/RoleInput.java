package dev.flotilla.manager.identity.access;

import java.util.List;

/** A custom role: its name, what it is for, whether it opens the admin console, and its action groups. */
public record RoleInput(String name, String description, Boolean admin, List<String> actionGroups) {
}
