package dev.flotilla.manager.datacenter;

/** Body of create and update; {@code version} is required on update (the version the caller read). */
public record DataCenterInput(String name, String description, Long version) {
}
