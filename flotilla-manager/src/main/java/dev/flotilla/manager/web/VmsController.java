package dev.flotilla.manager.web;

import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.PageRequest;
import dev.flotilla.manager.datacenter.Cluster;
import dev.flotilla.manager.datacenter.ClusterRepository;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.migration.MigrationInput;
import dev.flotilla.manager.migration.MigrationService;
import dev.flotilla.manager.vm.VmCommands;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmResponse;
import dev.flotilla.manager.vm.VmService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.view.RedirectView;

/**
 * The VM list, its "New VM" form and the power buttons. Every POST answers with a redirect
 * (post/redirect/get) carrying the outcome as a flash alert; htmx follows it and swaps the
 * {@code #vm-page} part of the page, a browser without script reloads the page.
 */
@Controller
@RequestMapping("/vms")
class VmsController {

    /** Shutdown from the console asks the guest politely and does not force: Power off is the forceful button. */
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);

    private final VmService vms;
    private final MigrationService migrations;
    private final HostRepository hosts;
    private final ClusterRepository clusters;

    VmsController(VmService vms, MigrationService migrations, HostRepository hosts, ClusterRepository clusters) {
        this.vms = vms;
        this.migrations = migrations;
        this.hosts = hosts;
        this.clusters = clusters;
    }

    @GetMapping
    String page(Model model) {
        List<Cluster> all = clusters.list(null, new PageRequest(0, PageRequest.MAX_SIZE)).items();
        model.addAttribute("clusters", all);
        if (!model.containsAttribute("form")) {
            UUID defaultCluster = all.stream().filter(c -> c.name().equals("Default")).map(Cluster::id).findFirst().orElse(null);
            model.addAttribute("form", VmForm.blank(defaultCluster));
            model.addAttribute("errors", Map.of());
        }
        model.addAttribute("vms", rows());
        return "vms";
    }

    @GetMapping("/table")
    String table(Model model) {
        model.addAttribute("vms", rows());
        return "vms :: table";
    }

    @PostMapping
    RedirectView create(@ModelAttribute VmForm form, RedirectAttributes flash) {
        try {
            VmResponse vm = vms.create(form.toInput());
            flash.addFlashAttribute("alert", Alert.success("VM %s was created".formatted(vm.name())));
        } catch (BadRequestException e) {
            Map<String, String> errors = new LinkedHashMap<>();
            e.errors().forEach(f -> errors.merge(VmForm.formField(f.field()), f.reason(), (a, b) -> a + "; " + b));
            keepForm(flash, form, errors, null);
        } catch (ConflictException e) {
            keepForm(flash, form, Map.of(), e.getMessage());
        }
        return seeOther("/vms");
    }

    @PostMapping("/{id}/{action}")
    RedirectView act(@PathVariable UUID id, @PathVariable String action, @RequestParam(required = false) String back,
                     RedirectAttributes flash) {
        VmAction a = VmAction.parse(action);
        if (a == null) {
            throw BadRequestException.field("action", "is not a VM action");
        }
        String target = ("/vms/" + id).equals(back) ? back : "/vms";
        try {
            String name = vms.get(id).name();
            switch (a) {
                case START -> vms.start(id);
                case SHUTDOWN -> vms.shutdown(id, false, SHUTDOWN_TIMEOUT);
                case STOP -> vms.power(id, VmCommands.Kind.STOP);
                case REBOOT -> vms.power(id, VmCommands.Kind.REBOOT);
                case PAUSE -> vms.power(id, VmCommands.Kind.PAUSE);
                case RESUME -> vms.power(id, VmCommands.Kind.RESUME);
                case MIGRATE -> migrations.migrate(id, MigrationInput.DEFAULTS);
                case CANCEL_MIGRATION -> migrations.cancel(id);
                case DELETE -> {
                    vms.delete(id);
                    target = "/vms";
                }
            }
            flash.addFlashAttribute("alert", Alert.success("%s: VM %s".formatted(a.label(), name)));
        } catch (RuntimeException e) {
            if (!Alert.isRefusal(e)) {
                throw e;
            }
            flash.addFlashAttribute("alert", Alert.refused(e));
        }
        return seeOther(target);
    }

    private static void keepForm(RedirectAttributes flash, VmForm form, Map<String, String> errors, String formError) {
        flash.addFlashAttribute("form", form);
        flash.addFlashAttribute("errors", errors);
        flash.addFlashAttribute("formError", formError);
    }

    /** 303 so that every client (htmx's XHR, browsers, java.net.http) follows with a GET. */
    static RedirectView seeOther(String path) {
        RedirectView view = new RedirectView(path, true);
        view.setStatusCode(org.springframework.http.HttpStatus.SEE_OTHER);
        return view;
    }

    private List<VmRow> rows() {
        Map<UUID, String> hostNames = hosts.all().stream().collect(Collectors.toMap(Host::id, Host::name));
        return vms.list(VmRepository.Filter.ALL, new PageRequest(0, PageRequest.MAX_SIZE)).items().stream()
                .map(vm -> VmRow.of(vm, vm.hostId() == null ? null : hostNames.get(vm.hostId())))
                .toList();
    }
}
