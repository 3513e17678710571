package dev.flotilla.cli.vm;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Body of {@code POST /vms}; an absent cluster or boot is left out so the manager picks its default. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record CreateVmRequest(String name, String clusterId, int cpus, long memoryMiB, boolean highlyAvailable,
                       String description, Vm.Boot boot) {}
