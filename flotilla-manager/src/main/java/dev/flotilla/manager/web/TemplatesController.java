package dev.flotilla.manager.web;

import dev.flotilla.manager.template.TemplateService;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.view.RedirectView;

/** The Templates page (new VM from a template, delete) and "Make template" on a VM's page. */
@Controller
class TemplatesController {

    private final TemplateService templates;

    TemplatesController(TemplateService templates) {
        this.templates = templates;
    }

    @GetMapping("/templates")
    String page(Model model) {
        model.addAttribute("templates", templates.list());
        return "templates";
    }

    @GetMapping("/templates/table")
    String table(Model model) {
        model.addAttribute("templates", templates.list());
        return "templates :: table";
    }

    @PostMapping("/vms/{id}/template")
    RedirectView make(@PathVariable UUID id, @RequestParam(required = false) String name, RedirectAttributes flash) {
        return outcome(flash, "/vms/" + id, () -> {
            var made = templates.create(id, name, null);
            return "Template %s is being made: its disks are copied by job %s".formatted(made.template().name(), made.jobId());
        });
    }

    @PostMapping("/templates/{id}/vms")
    RedirectView newVm(@PathVariable UUID id, @RequestParam(required = false) String name, @RequestParam(required = false) String mode,
                       RedirectAttributes flash) {
        return outcome(flash, "/templates", () -> {
            var made = templates.newVm(id, new TemplateService.NewVm(name, mode));
            return made.jobId() == null ? "VM %s was made thin".formatted(made.vm().name())
                    : "VM %s is being cloned: job %s".formatted(made.vm().name(), made.jobId());
        });
    }

    @PostMapping("/templates/{id}/delete")
    RedirectView delete(@PathVariable UUID id, RedirectAttributes flash) {
        return outcome(flash, "/templates", () -> {
            String name = templates.get(id).name();
            templates.delete(id);
            return "Template %s was deleted".formatted(name);
        });
    }

    private static RedirectView outcome(RedirectAttributes flash, String target, java.util.function.Supplier<String> work) {
        return Alert.after(flash, target, work);
    }
}
