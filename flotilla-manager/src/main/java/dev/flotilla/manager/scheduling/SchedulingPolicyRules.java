package dev.flotilla.manager.scheduling;

import dev.flotilla.manager.api.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What makes a policy valid: known unit names, each once, weights 1-100 (oVirt's factors), known
 * parameters with sensible values. Pure: returns every problem, naming the field as the caller
 * spelled it, so one 400 lists them all.
 */
public final class SchedulingPolicyRules {

    public static final int MAX_WEIGHT = 100;

    private SchedulingPolicyRules() {
    }

    public static List<FieldError> checkUnits(List<String> filters, List<SchedulingPolicy.WeightedScorer> scorers) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < filters.size(); i++) {
            String n = filters.get(i);
            if (SchedulingUnits.filter(n).isEmpty()) {
                errors.add(new FieldError("filters[%d]".formatted(i), "no filter named %s; filters are %s".formatted(n, names("filter"))));
            } else if (!seen.add(n)) {
                errors.add(new FieldError("filters[%d]".formatted(i), "%s is listed twice".formatted(n)));
            }
        }
        seen.clear();
        for (int i = 0; i < scorers.size(); i++) {
            SchedulingPolicy.WeightedScorer w = scorers.get(i);
            if (w == null || w.name() == null || SchedulingUnits.scorer(w.name()).isEmpty()) {
                errors.add(new FieldError("scorers[%d].name".formatted(i), "no score unit named %s; score units are %s"
                        .formatted(w == null ? null : w.name(), names("score"))));
                continue;
            }
            if (!seen.add(w.name())) {
                errors.add(new FieldError("scorers[%d].name".formatted(i), "%s is listed twice".formatted(w.name())));
            }
            if (w.weight() < 1 || w.weight() > MAX_WEIGHT) {
                errors.add(new FieldError("scorers[%d].weight".formatted(i), "must be between 1 and %d".formatted(MAX_WEIGHT)));
            }
        }
        return errors;
    }

    /** The balance unit must be one that exists; null or "" is none. */
    public static List<FieldError> checkBalancer(String balancer) {
        if (balancer == null || balancer.isBlank() || SchedulingUnits.balancer(balancer).isPresent()) {
            return List.of();
        }
        return List.of(new FieldError("balancer", "no balance unit named %s; balance units are %s".formatted(balancer, names("balance"))));
    }

    /** Checks parameter values; {@code field} prefixes the names ("parameters" or "schedulingPolicyParameters"). */
    public static List<FieldError> checkParameters(String field, Map<String, Integer> parameters) {
        List<FieldError> errors = new ArrayList<>();
        parameters.forEach((name, value) -> {
            String f = field + "." + name;
            if (!SchedulingPolicy.DEFAULT_PARAMETERS.containsKey(name)) {
                errors.add(new FieldError(f, "no such parameter; parameters are " + SchedulingPolicy.DEFAULT_PARAMETERS.keySet()));
            } else if (value == null) {
                errors.add(new FieldError(f, "needs a value"));
            } else {
                int[] range = switch (name) {
                    case SchedulingPolicy.HIGH_UTILIZATION, SchedulingPolicy.LOW_UTILIZATION -> new int[] {0, 100};
                    case SchedulingPolicy.CPU_OVERCOMMIT_DURATION_MINUTES -> new int[] {1, 1440};
                    case SchedulingPolicy.HIGH_VM_COUNT, SchedulingPolicy.HOSTS_IN_RESERVE -> new int[] {0, 10000};
                    case SchedulingPolicy.ENABLE_AUTOMATIC_HOST_POWER_MANAGEMENT -> new int[] {0, 1};
                    default -> new int[] {1, 10000};
                };
                if (value < range[0] || value > range[1]) {
                    errors.add(new FieldError(f, "must be between %d and %d".formatted(range[0], range[1])));
                }
            }
        });
        Integer low = parameters.get(SchedulingPolicy.LOW_UTILIZATION);
        Integer high = parameters.get(SchedulingPolicy.HIGH_UTILIZATION);
        if (low != null && high != null && low >= high) {
            errors.add(new FieldError(field + "." + SchedulingPolicy.LOW_UTILIZATION, "must be below HighUtilization (%d)".formatted(high)));
        }
        return errors;
    }

    private static List<String> names(String type) {
        return SchedulingUnits.all().stream().filter(u -> u.type().equals(type)).map(SchedulingUnits.Unit::name).toList();
    }
}
