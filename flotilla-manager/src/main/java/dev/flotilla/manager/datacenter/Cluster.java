package dev.flotilla.manager.datacenter;

import java.time.Instant;
import java.util.UUID;

/**
 * A group of hosts that VMs can move between. Overcommit is in percent of the hosts' real
 * capacity: memory 100 = none (oVirt's default for servers), CPU 400 = four vCPUs per core.
 */
public record Cluster(UUID id, UUID dataCenterId, String name, String description,
                      int memoryOvercommitPercent, int cpuOvercommitPercent, long version, Instant createdAt) {
}
