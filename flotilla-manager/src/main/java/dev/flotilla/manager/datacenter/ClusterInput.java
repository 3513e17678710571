package dev.flotilla.manager.datacenter;

import java.util.UUID;

/** Body of create and update of a cluster; on update absent fields keep their value and {@code version} is required. */
public record ClusterInput(String name, UUID dataCenterId, String description,
                           Integer memoryOvercommitPercent, Integer cpuOvercommitPercent, Long version) {
}
