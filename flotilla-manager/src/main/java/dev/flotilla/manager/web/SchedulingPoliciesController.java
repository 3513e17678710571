package dev.flotilla.manager.web;

import dev.flotilla.manager.scheduling.SchedulingPolicy;
import dev.flotilla.manager.scheduling.SchedulingPolicyService;
import dev.flotilla.manager.scheduling.SchedulingUnits;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.view.RedirectView;

/**
 * Scheduling policies: the built-in ones (read-only) and the custom ones with their edit and
 * delete forms, a "New policy" form, and the catalogue of units. Saves run the same service as
 * {@code /api/v1/schedulingpolicies}.
 */
@Controller
@RequestMapping("/schedulingpolicies")
class SchedulingPoliciesController {

    private final SchedulingPolicyService policies;

    SchedulingPoliciesController(SchedulingPolicyService policies) {
        this.policies = policies;
    }

    @GetMapping
    String page(Model model) {
        List<SchedulingPolicy> all = policies.list();
        List<SchedulingUnits.Unit> units = SchedulingUnits.all();
        model.addAttribute("policies", all);
        model.addAttribute("forms", all.stream().filter(p -> !p.builtIn()).map(PolicyForm::of).toList());
        model.addAttribute("blank", PolicyForm.blank());
        model.addAttribute("units", units);
        model.addAttribute("filterUnits", units.stream().filter(u -> u.type().equals("filter")).map(SchedulingUnits.Unit::name).toList());
        model.addAttribute("scoreUnits", units.stream().filter(u -> u.type().equals("score")).map(SchedulingUnits.Unit::name).toList());
        model.addAttribute("balanceUnits", units.stream().filter(u -> u.type().equals("balance")).map(SchedulingUnits.Unit::name).toList());
        model.addAttribute("parameterNames", SchedulingPolicy.DEFAULT_PARAMETERS.keySet());
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
            model.addAttribute("typed", Map.of());
        }
        return "schedulingpolicies";
    }

    @PostMapping
    RedirectView create(@RequestParam Map<String, String> fields, @RequestParam(required = false) List<String> filters, RedirectAttributes flash) {
        return outcome("policy-new", fields, flash, () -> "Scheduling policy %s was created"
                .formatted(policies.create(PolicyForm.input(fields.get("name"), fields, filters, null)).name()));
    }

    @PostMapping("/{name}")
    RedirectView update(@PathVariable String name, @RequestParam Map<String, String> fields, @RequestParam(required = false) List<String> filters,
                        @RequestParam(required = false) Long version, RedirectAttributes flash) {
        return outcome("policy-" + name, fields, flash, () -> "Scheduling policy %s was updated"
                .formatted(policies.update(name, PolicyForm.input(null, fields, filters, version)).name()));
    }

    @PostMapping("/{name}/delete")
    RedirectView delete(@PathVariable String name, RedirectAttributes flash) {
        return outcome("policy-" + name, Map.of(), flash, () -> {
            policies.delete(name);
            return "Scheduling policy %s was deleted".formatted(name);
        });
    }

    private static RedirectView outcome(String form, Map<String, String> fields, RedirectAttributes flash, Supplier<String> work) {
        return FormFields.outcome("/schedulingpolicies", form, fields, flash, work);
    }
}
