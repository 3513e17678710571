package dev.flotilla.manager.web;

import dev.flotilla.manager.fencing.Fencer;
import dev.flotilla.manager.fencing.PowerManagementInput;
import dev.flotilla.manager.fencing.PowerManagementService;
import dev.flotilla.manager.ha.FenceService;
import dev.flotilla.manager.host.HostResponse;
import dev.flotilla.manager.host.HostService;
import dev.flotilla.manager.powersaving.PowerSaving;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A host's power management page: the BMC form (the password field stays empty: it is never sent
 * back; leaving it empty keeps the stored one), a test that reads the power status, and the fence
 * buttons, including the admin's confirmation that a NonResponsive host is off.
 */
@Controller
class HostPowerController {

    /** The form as typed; strings so a wrong number comes back as the API's own 400. */
    record PowerForm(String address, String port, String username, String password, String cipher, Boolean lanplus, String options,
                     String proxyPreference, Boolean policyControl, String policyControlShown) {
    }

    private final HostService hosts;
    private final PowerManagementService power;
    private final FenceService fencing;

    private final PowerSaving powerSaving;

    HostPowerController(HostService hosts, PowerManagementService power, FenceService fencing, PowerSaving powerSaving) {
        this.powerSaving = powerSaving;
        this.hosts = hosts;
        this.power = power;
        this.fencing = fencing;
    }

    @GetMapping("/hosts/{id}/power")
    String page(@PathVariable UUID id, Model model) {
        return render(id, model, null);
    }

    @PostMapping("/hosts/{id}/power")
    String save(@PathVariable UUID id, PowerForm form, Model model) {
        Alert alert;
        try {
            Integer port = form.port() == null || form.port().isBlank() ? null : Integer.valueOf(form.port().trim());
            List<String> prefs = form.proxyPreference() == null ? null
                    : Arrays.stream(form.proxyPreference().split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
            power.save(id, new PowerManagementInput("ipmilan", form.address(), port, form.username(), form.password(),
                    Boolean.TRUE.equals(form.lanplus()), form.cipher(), form.options(), prefs,
                    // an unticked box sends nothing: the hidden field says the box was on the form
                    form.policyControlShown() == null ? null : Boolean.TRUE.equals(form.policyControl())));
            alert = Alert.success("Power management saved");
        } catch (NumberFormatException e) {
            alert = new Alert("danger", "port: must be a number", List.of());
        } catch (RuntimeException e) {
            if (!Alert.isRefusal(e)) {
                throw e;
            }
            alert = Alert.refused(e);
        }
        return render(id, model, alert);
    }

    @PostMapping("/hosts/{id}/power/fence")
    String fence(@PathVariable UUID id, @RequestParam String action, Model model) {
        Alert alert;
        try {
            Fencer.Outcome o = action.equals("test") ? power.test(id) : fencing.fenceFromConsole(id, action);
            String what = "%s: %s%s".formatted(action, o.ok() ? "done" : "failed",
                    o.powerStatus().isEmpty() ? "" : ", power is " + o.powerStatus());
            alert = new Alert(o.ok() ? "success" : "danger", what, o.message().isBlank() ? List.of() : List.of(o.message()));
        } catch (RuntimeException e) {
            if (!Alert.isRefusal(e)) {
                throw e;
            }
            alert = Alert.refused(e);
        }
        return render(id, model, alert);
    }

    private String render(UUID id, Model model, Alert alert) {
        HostResponse host = hosts.get(id);
        model.addAttribute("host", host);
        model.addAttribute("pm", power.get(id));
        model.addAttribute("powerSaving", powerSaving.note(host.clusterId(), id));
        model.addAttribute("alert", alert);
        model.addAttribute("nonResponsive", "NonResponsive".equals(host.status()));
        return "host-power";
    }
}
