package dev.flotilla.manager.identity.directory;

import dev.flotilla.manager.action.ActionRunner;
import dev.flotilla.manager.identity.pages.AdminPage;
import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The console page of directory domains: list, add, test, remove. */
@Controller
class DomainPages {

    private final LdapDomainStore store;
    private final LdapDomainActions actions;
    private final LdapDomainController api;
    private final ActionRunner runner;

    DomainPages(LdapDomainStore store, LdapDomainActions actions, LdapDomainController api, ActionRunner runner) {
        this.store = store;
        this.actions = actions;
        this.api = api;
        this.runner = runner;
    }

    @GetMapping("/admin/domains")
    String domains(Model model, Principal principal) {
        model.addAttribute("user", principal.getName());
        model.addAttribute("domains", store.all().stream().map(d -> LdapDomainResponse.of(d, store)).toList());
        model.addAttribute("profiles", Arrays.stream(DirectoryProfile.values()).map(DirectoryProfile::label).toList());
        return "admin-domains";
    }

    @PostMapping("/admin/domains")
    String add(@RequestParam String name, @RequestParam String profile, @RequestParam String servers,
               @RequestParam(defaultValue = "none") String security, @RequestParam(defaultValue = "") String bindDn,
               @RequestParam(defaultValue = "") String bindPassword, @RequestParam String baseDn,
               @RequestParam(defaultValue = "false") boolean trustAll, RedirectAttributes redirect) {
        List<String> list = Arrays.stream(servers.split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
        return AdminPage.run("/admin/domains", redirect, () -> "Domain %s was added".formatted(runner.run(actions.save,
                new LdapDomainActions.SaveInput(null, new LdapDomainInput(name, profile, list, security, bindDn, bindPassword,
                        baseDn, trustAll, null))).name()));
    }

    @PostMapping("/admin/domains/{id}/test")
    String test(@PathVariable UUID id, RedirectAttributes redirect) {
        var answer = api.test(id);
        redirect.addFlashAttribute(Boolean.TRUE.equals(answer.get("ok")) ? "message" : "error", answer.get("message"));
        return "redirect:/admin/domains";
    }

    @PostMapping("/admin/domains/{id}/delete")
    String delete(@PathVariable UUID id, RedirectAttributes redirect) {
        return AdminPage.run("/admin/domains", redirect, () -> "Domain %s was removed".formatted(runner.run(actions.delete, id).name()));
    }
}
