package dev.flotilla.manager.web;

import dev.flotilla.manager.ha.HaRestarts;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's HA restart queue page: what waits, its priority, attempts, next try and why the last attempt failed. */
@Controller
class HaRestartsController {

    private final HaRestarts restarts;

    HaRestartsController(HaRestarts restarts) {
        this.restarts = restarts;
    }

    @GetMapping("/ha/restarts")
    String page(Model model) {
        model.addAttribute("restarts", restarts.queue()); // cut to the VMs the user sees by ConsoleLists ("restarts")
        return "ha-restarts";
    }
}
