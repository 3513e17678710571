package dev.flotilla.manager.web;

import dev.flotilla.manager.ha.HighAvailabilityController;
import dev.flotilla.manager.ha.HighAvailabilityController.HighAvailability;
import dev.flotilla.manager.vm.VmService;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** A VM's high availability in the console: the flag and the restart priority, the same call as the API's. */
@Controller
class VmHaController {

    private final VmService vms;
    private final HighAvailabilityController ha;

    VmHaController(VmService vms, HighAvailabilityController ha) {
        this.vms = vms;
        this.ha = ha;
    }

    @GetMapping("/vms/{id}/ha")
    String page(@PathVariable UUID id, Model model) {
        return render(id, model, null);
    }

    @PostMapping("/vms/{id}/ha")
    String save(@PathVariable UUID id, @RequestParam(required = false) Boolean highlyAvailable, @RequestParam String priority, Model model) {
        Alert alert;
        try {
            ha.put(id, new HighAvailability(Boolean.TRUE.equals(highlyAvailable), Integer.valueOf(priority.trim())));
            alert = Alert.success("High availability saved");
        } catch (NumberFormatException e) {
            alert = new Alert("danger", "priority: must be a number from 0 to 100", List.of());
        } catch (RuntimeException e) {
            if (!Alert.isRefusal(e)) {
                throw e;
            }
            alert = Alert.refused(e);
        }
        return render(id, model, alert);
    }

    private String render(UUID id, Model model, Alert alert) {
        model.addAttribute("vm", vms.get(id));
        model.addAttribute("ha", ha.get(id));
        model.addAttribute("alert", alert);
        return "vm-ha";
    }
}
