package dev.flotilla.manager.web;

import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.NotFoundException;
import dev.flotilla.manager.console.ConsoleService;
import dev.flotilla.manager.vm.VmResponse;
import dev.flotilla.manager.vm.VmService;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The console window of a VM (noVNC, see {@code static/js/vm-console.js}), and what its script
 * asks the manager for with the browser's session: a ticket, and the VM's state to say why the
 * screen is frozen or gone.
 */
@Controller
class VmConsoleController {

    private final VmService vms;
    private final ConsoleService consoles;

    VmConsoleController(VmService vms, ConsoleService consoles) {
        this.vms = vms;
        this.consoles = consoles;
    }

    @GetMapping("/vms/{id}/console")
    String page(@PathVariable UUID id, Model model) {
        model.addAttribute("vm", vms.get(id));
        return "console";
    }

    @PostMapping("/vms/{id}/console/ticket")
    @ResponseBody
    ResponseEntity<?> ticket(@PathVariable UUID id) {
        return json(HttpStatus.CREATED, () -> consoles.issue(id));
    }

    @GetMapping("/vms/{id}/console/state")
    @ResponseBody
    ResponseEntity<?> state(@PathVariable UUID id) {
        return json(HttpStatus.OK, () -> {
            VmResponse vm = vms.get(id);
            return Map.of("name", vm.name(), "status", vm.status(), "reason", vm.statusReason());
        });
    }

    private static ResponseEntity<?> json(HttpStatus ok, java.util.function.Supplier<Object> body) {
        return ConsoleJson.answer(ok, body);
    }
}
