package dev.flotilla.manager.web;

import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.PageRequest;
import dev.flotilla.manager.datacenter.DataCenter;
import dev.flotilla.manager.datacenter.DataCenterRepository;
import dev.flotilla.manager.events.EventRepository;
import dev.flotilla.manager.events.ObjectType;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.host.HostStatus;
import dev.flotilla.manager.storage.DiskService;
import dev.flotilla.manager.storage.StorageDomainResponse;
import dev.flotilla.manager.storage.StorageDomainService;
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
 * Storage domains: the list with its "New storage domain" form and the state buttons, and one
 * domain's page (its disks, LUNs and events). Posts answer with a redirect carrying the outcome,
 * as on the VM pages.
 */
@Controller
@RequestMapping("/storage")
class StorageDomainsController {

    private static final int EVENTS = 20;

    private final StorageDomainService domains;
    private final DiskService disks;
    private final DataCenterRepository dataCenters;
    private final HostRepository hosts;
    private final EventRepository events;

    StorageDomainsController(StorageDomainService domains, DiskService disks, DataCenterRepository dataCenters, HostRepository hosts,
                             EventRepository events) {
        this.domains = domains;
        this.disks = disks;
        this.dataCenters = dataCenters;
        this.hosts = hosts;
        this.events = events;
    }

    @GetMapping
    String page(Model model) {
        List<DataCenter> dcs = dataCenters.list(new PageRequest(0, PageRequest.MAX_SIZE)).items();
        model.addAttribute("dataCenters", dcs);
        model.addAttribute("hosts", hosts.list(new HostRepository.Filter(HostStatus.Up, null, null), new PageRequest(0, PageRequest.MAX_SIZE)).items());
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", StorageDomainForm.blank(dcs.stream().filter(d -> d.name().equals("Default")).map(DataCenter::id)
                    .findFirst().orElse(null)));
            model.addAttribute("errors", Map.of());
        }
        model.addAttribute("domains", rows());
        return "storage";
    }

    @GetMapping("/table")
    String table(Model model) {
        model.addAttribute("dataCenters", dataCenters.list(new PageRequest(0, PageRequest.MAX_SIZE)).items());
        model.addAttribute("domains", rows());
        return "storage :: table";
    }

    @PostMapping
    RedirectView create(@ModelAttribute StorageDomainForm form, RedirectAttributes flash) {
        try {
            StorageDomainResponse d = domains.create(form.toInput());
            flash.addFlashAttribute("alert", Alert.success("Storage domain %s was added and is %s%s".formatted(d.name(), d.status(), imported(d))));
        } catch (BadRequestException e) {
            Map<String, String> errors = new LinkedHashMap<>();
            e.errors().forEach(f -> errors.merge(StorageDomainForm.formField(f.field()), f.reason(), (a, b) -> a + "; " + b));
            keepForm(flash, form, errors, e.getMessage());
        } catch (ConflictException e) {
            keepForm(flash, form, Map.of(), e.getMessage());
        }
        return VmsController.seeOther("/storage");
    }

    @PostMapping("/{id}/attach")
    RedirectView attach(@PathVariable UUID id, @RequestParam(required = false) UUID dataCenterId, RedirectAttributes flash) {
        return act(id, flash, "/storage", "Attached", () -> domains.attach(id, dataCenterId));
    }

    @PostMapping("/{id}/{action}")
    RedirectView act(@PathVariable UUID id, @PathVariable String action, @RequestParam(required = false) String back,
                     RedirectAttributes flash) {
        StorageAction a = StorageAction.parse(action);
        if (a == null) {
            throw BadRequestException.field("action", "is not a storage domain action");
        }
        String target = ("/storage/" + id).equals(back) && a != StorageAction.DELETE ? back : "/storage";
        return act(id, flash, target, a.label(), () -> {
            switch (a) {
                case ACTIVATE -> domains.activate(id);
                case DEACTIVATE -> domains.deactivate(id);
                case DETACH -> domains.detach(id);
                case DELETE -> domains.delete(id);
            }
            return null;
        });
    }

    @GetMapping("/{id}")
    String domain(@PathVariable UUID id, Model model) {
        StorageDomainResponse d = domains.get(id);
        model.addAttribute("domain", d);
        model.addAttribute("row", StorageDomainRow.of(d, dataCenterName(d.dataCenterId())));
        model.addAttribute("dataCenters", dataCenters.list(new PageRequest(0, PageRequest.MAX_SIZE)).items());
        model.addAttribute("disks", disks.list(id, null, new PageRequest(0, PageRequest.MAX_SIZE)).items().stream().map(DiskRow::of).toList());
        model.addAttribute("luns", domains.knownLuns(id));
        model.addAttribute("checked", Format.time(d.checkedAt()));
        model.addAttribute("domainChecks", d.monitor().stream().map(DomainCheckRow::of).toList());
        model.addAttribute("events", events.find(id, ObjectType.STORAGE_DOMAIN, new PageRequest(0, EVENTS)).items().stream()
                .map(EventRow::of).toList());
        return "storage-domain";
    }

    private RedirectView act(UUID id, RedirectAttributes flash, String target, String label, java.util.function.Supplier<Object> work) {
        try {
            String name = domains.get(id).name();
            work.get();
            flash.addFlashAttribute("alert", Alert.success("%s: storage domain %s".formatted(label, name)));
        } catch (RuntimeException e) {
            if (!Alert.isRefusal(e)) {
                throw e;
            }
            flash.addFlashAttribute("alert", Alert.refused(e));
        }
        return VmsController.seeOther(target);
    }

    /** What an import registered and left, for the alert; empty for a new domain. */
    private static String imported(StorageDomainResponse d) {
        if (d.imported() == null) {
            return "";
        }
        return "; %d disk(s) imported%s".formatted(d.imported().imported(), d.imported().skipped().isEmpty() ? ""
                : ", skipped: " + d.imported().skipped().stream().map(s -> s.diskId() + " (" + s.reason() + ")")
                        .collect(java.util.stream.Collectors.joining("; ")));
    }

    private static void keepForm(RedirectAttributes flash, StorageDomainForm form, Map<String, String> errors, String formError) {
        flash.addFlashAttribute("form", form.withoutSecret());
        flash.addFlashAttribute("errors", errors);
        flash.addFlashAttribute("formError", formError);
    }

    private List<StorageDomainRow> rows() {
        Map<UUID, String> names = dataCenters.list(new PageRequest(0, PageRequest.MAX_SIZE)).items().stream()
                .collect(Collectors.toMap(DataCenter::id, DataCenter::name));
        return domains.list(null, null, new PageRequest(0, PageRequest.MAX_SIZE)).items().stream()
                .map(d -> StorageDomainRow.of(d, d.dataCenterId() == null ? null : names.get(d.dataCenterId()))).toList();
    }

    private String dataCenterName(UUID id) {
        return id == null ? "" : dataCenters.find(id).map(DataCenter::name).orElse("");
    }
}
