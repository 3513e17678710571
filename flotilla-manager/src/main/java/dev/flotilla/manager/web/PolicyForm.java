package dev.flotilla.manager.web;

import dev.flotilla.manager.api.FieldError;
import dev.flotilla.manager.scheduling.SchedulingPolicy;
import dev.flotilla.manager.scheduling.SchedulingPolicyInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A custom scheduling policy as its console form shows it: the chosen filters, a weight per
 * scorer (blank: not used), the balancer and a value per parameter (blank: not set). The form
 * always sends every part, so a save replaces them all.
 */
record PolicyForm(String name, String description, List<String> filters, Map<String, String> weights, String balancer,
                  Map<String, String> parameters, long version) {

    private static final String WEIGHT = "weight.";
    private static final String PARAM = "param.";

    static PolicyForm blank() {
        return new PolicyForm("", "", SchedulingPolicy.MANDATORY_FILTERS, Map.of(), "", Map.of(), 0);
    }

    static PolicyForm of(SchedulingPolicy p) {
        Map<String, String> weights = new LinkedHashMap<>();
        p.scorers().forEach(s -> weights.put(s.name(), String.valueOf(s.weight())));
        Map<String, String> params = new LinkedHashMap<>();
        p.parameters().forEach((k, v) -> params.put(k, String.valueOf(v)));
        return new PolicyForm(p.name(), p.description(), p.filters(), weights, p.balancer() == null ? "" : p.balancer(), params, p.version());
    }

    /** The API's input from the posted fields; a weight or parameter that is not a number is a 400 on its field. */
    static SchedulingPolicyInput input(String name, Map<String, String> fields, List<String> filters, Long version) {
        List<FieldError> errors = new ArrayList<>();
        List<SchedulingPolicy.WeightedScorer> scorers = new ArrayList<>();
        Map<String, Integer> parameters = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (k.startsWith(WEIGHT)) {
                Integer w = FormFields.integer(v, "scorers." + k.substring(WEIGHT.length()), errors);
                if (w != null) {
                    scorers.add(new SchedulingPolicy.WeightedScorer(k.substring(WEIGHT.length()), w));
                }
            } else if (k.startsWith(PARAM)) {
                Integer value = FormFields.integer(v, "parameters." + k.substring(PARAM.length()), errors);
                if (value != null) {
                    parameters.put(k.substring(PARAM.length()), value);
                }
            }
        });
        FormFields.check(errors);
        return new SchedulingPolicyInput(name, fields.getOrDefault("description", ""), filters == null ? List.of() : filters, scorers,
                fields.getOrDefault("balancer", ""), parameters, version);
    }
}
