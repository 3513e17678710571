package dev.flotilla.manager.web;

import dev.flotilla.manager.affinity.AffinityGroupInput;
import dev.flotilla.manager.affinity.AffinityGroupService;
import dev.flotilla.manager.scheduling.AffinityGroup;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.view.RedirectView;

/**
 * The affinity group forms of the cluster page (create, change rule and members, delete) and the
 * pinned hosts form of the VM page. A multi-select with nothing chosen sends nothing, so an absent
 * member list here means "none", not "unchanged" as in the API.
 */
@Controller
class AffinityGroupFormsController {

    private final AffinityGroupService groups;

    AffinityGroupFormsController(AffinityGroupService groups) {
        this.groups = groups;
    }

    @PostMapping("/clusters/{id}/affinitygroups")
    RedirectView create(@PathVariable UUID id, @RequestParam Map<String, String> fields, @RequestParam(required = false) List<UUID> vmIds,
                        @RequestParam(required = false) List<UUID> hostIds, RedirectAttributes flash) {
        return outcome(id, "group-new", fields, flash, () -> {
            AffinityGroup g = groups.create(id, new AffinityGroupInput(fields.get("name"), fields.get("description"),
                    FormFields.choice(fields.get("positive")), FormFields.choice(fields.get("enforcing")), orNone(vmIds), orNone(hostIds), null));
            return "Affinity group %s was created".formatted(g.name());
        });
    }

    @PostMapping("/clusters/{id}/affinitygroups/{groupId}")
    RedirectView update(@PathVariable UUID id, @PathVariable UUID groupId, @RequestParam Map<String, String> fields,
                        @RequestParam(required = false) List<UUID> vmIds, @RequestParam(required = false) List<UUID> hostIds,
                        @RequestParam(required = false) Long version, RedirectAttributes flash) {
        return outcome(id, "group-" + groupId, fields, flash, () -> {
            AffinityGroup g = groups.update(id, groupId, new AffinityGroupInput(null, fields.get("description"),
                    FormFields.choice(fields.get("positive")), FormFields.choice(fields.get("enforcing")), orNone(vmIds), orNone(hostIds), version));
            return "Affinity group %s was updated".formatted(g.name());
        });
    }

    @PostMapping("/clusters/{id}/affinitygroups/{groupId}/delete")
    RedirectView delete(@PathVariable UUID id, @PathVariable UUID groupId, RedirectAttributes flash) {
        return outcome(id, "group-" + groupId, Map.of(), flash, () -> {
            groups.delete(id, groupId);
            return "Affinity group was deleted";
        });
    }

    /** Replaces the VM's pinned hosts; nothing chosen unpins it. */
    @PostMapping("/vms/{id}/pins")
    RedirectView pin(@PathVariable UUID id, @RequestParam(required = false) List<UUID> hostIds, RedirectAttributes flash) {
        return FormFields.outcome("/vms/" + id, "pins", Map.of(), flash, () -> {
            List<UUID> pinned = groups.pin(id, orNone(hostIds));
            return pinned.isEmpty() ? "The VM is pinned to no host"
                    : "The VM is pinned to %d host(s); this applies from its next start or migration".formatted(pinned.size());
        });
    }

    private static RedirectView outcome(UUID clusterId, String form, Map<String, String> fields, RedirectAttributes flash, Supplier<String> work) {
        return FormFields.outcome("/clusters/" + clusterId, form, fields, flash, work);
    }

    private static List<UUID> orNone(List<UUID> ids) {
        return ids == null ? List.of() : ids;
    }
}
