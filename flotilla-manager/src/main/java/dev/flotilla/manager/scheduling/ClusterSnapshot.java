package dev.flotilla.manager.scheduling;

import java.util.List;

/** An immutable view of one cluster at one moment: its policy and its hosts. */
public record ClusterSnapshot(String clusterName, ClusterPolicy policy, List<HostCandidate> hosts) {
}
