package dev.flotilla.manager.datacenter;

import java.time.Instant;
import java.util.UUID;

public record DataCenter(UUID id, String name, String description, long version, Instant createdAt) {
}
