package dev.flotilla.cli.vm;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Body of {@code POST /vms/{id}/shutdown}: a missing timeout means the manager's default. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ShutdownRequest(boolean force, Integer timeoutSeconds) {}
