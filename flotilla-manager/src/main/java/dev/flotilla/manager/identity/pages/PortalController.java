package dev.flotilla.manager.identity.pages;

import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.PageRequest;
import dev.flotilla.manager.identity.access.Access;
import dev.flotilla.manager.identity.access.AccessFilter;
import dev.flotilla.manager.identity.access.ActionGroup;
import dev.flotilla.manager.identity.access.SecuredObject;
import dev.flotilla.manager.identity.access.SecuredType;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmResponse;
import dev.flotilla.manager.vm.VmService;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The VM portal: the VMs the caller may see, with start, shutdown, power off and console where its roles allow. */
@Controller
class PortalController {

    /** One VM row and what the caller may do with it. */
    record PortalVm(UUID id, String name, String status, int cpus, long memoryMiB, boolean canRun, boolean canConsole) {
    }

    private final VmService vms;

    PortalController(VmService vms) {
        this.vms = vms;
    }

    @GetMapping("/portal")
    String portal(Model model, HttpServletRequest request, Principal principal) {
        Access access = (Access) request.getAttribute(AccessFilter.ACCESS);
        List<PortalVm> rows = vms.list(VmRepository.Filter.ALL, new PageRequest(0, PageRequest.MAX_SIZE)).items().stream()
                .filter(v -> access.sees(vm(v.id())))
                .map(v -> new PortalVm(v.id(), v.name(), v.status(), v.cpus(), v.memoryMiB(),
                        access.may(ActionGroup.RUN_VM, vm(v.id())), access.may(ActionGroup.CONNECT_TO_VM, vm(v.id()))))
                .toList();
        model.addAttribute("vms", rows);
        model.addAttribute("user", principal.getName());
        model.addAttribute("admin", access.isAdmin());
        return "portal";
    }

    @PostMapping("/portal/vms/{id}/{action}")
    String act(@PathVariable UUID id, @PathVariable String action, RedirectAttributes redirect) {
        try {
            String name = switch (action) {
                case "start" -> vms.start(id).name();
                case "shutdown" -> vms.shutdown(id, false, Duration.ofMinutes(2)).name();
                case "stop" -> vms.shutdown(id, true, Duration.ZERO).name();
                default -> throw new ConflictException("unknown action " + action);
            };
            redirect.addFlashAttribute("message", "%s: %s requested".formatted(name, action));
        } catch (RuntimeException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/portal";
    }

    private static SecuredObject vm(UUID id) {
        return SecuredObject.of(SecuredType.VM, id);
    }
}
