package dev.flotilla.manager.identity;

import java.util.List;
import java.util.UUID;

/** A group and its members (for directory groups: the members seen at their last login). */
public record GroupResponse(UUID id, String name, String domain, String description, List<String> members) {
}
