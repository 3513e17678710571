package dev.flotilla.manager.scheduling;

import java.util.List;
import java.util.Map;

/**
 * Body of create and update of a custom scheduling policy; on update absent fields keep their
 * value and {@code version} is required.
 */
public record SchedulingPolicyInput(String name, String description, List<String> filters,
                                    List<SchedulingPolicy.WeightedScorer> scorers, String balancer, Map<String, Integer> parameters,
                                    Long version) {
}
