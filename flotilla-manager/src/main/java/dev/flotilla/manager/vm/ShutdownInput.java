package dev.flotilla.manager.vm;

/** Optional body of {@code POST /vms/{id}/shutdown}: with {@code force}, power off after {@code timeoutSeconds}. */
public record ShutdownInput(Boolean force, Integer timeoutSeconds) {
}
