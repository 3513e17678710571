package dev.flotilla.manager.web;

import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.PageRequest;
import dev.flotilla.manager.storage.DiskResponse;
import dev.flotilla.manager.storage.DiskService;
import dev.flotilla.manager.storage.StorageDomainResponse;
import dev.flotilla.manager.storage.StorageDomainService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.view.RedirectView;

/**
 * The disk list with its "New disk" form and delete buttons, and a VM's attach and detach (its
 * disks are shown on the VM page). Posts answer with a redirect carrying the outcome.
 */
@Controller
class DisksController {

    private final DiskService disks;
    private final StorageDomainService domains;
    private final dev.flotilla.manager.storage.DiskCopies copies;

    DisksController(DiskService disks, StorageDomainService domains, dev.flotilla.manager.storage.DiskCopies copies) {
        this.disks = disks;
        this.domains = domains;
        this.copies = copies;
    }

    @GetMapping("/disks")
    String page(Model model) {
        List<StorageDomainResponse> data = domains.list(null, null, new PageRequest(0, PageRequest.MAX_SIZE)).items().stream()
                .filter(d -> d.role().equals("data") && d.status().equals("Active")).toList();
        model.addAttribute("dataDomains", data);
        model.addAttribute("uploadDomains", domains.list(null, null, new PageRequest(0, PageRequest.MAX_SIZE)).items().stream()
                .filter(d -> d.status().equals("Active") && (d.role().equals("data") || !d.type().equals("iscsi"))).toList()); // disk images go onto LUNs too
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", DiskForm.blank(data.isEmpty() ? null : data.get(0).id()));
            model.addAttribute("errors", Map.of());
        }
        model.addAttribute("disks", rows());
        model.addAttribute("movable", disks.list(null, null, new PageRequest(0, PageRequest.MAX_SIZE)).items().stream()
                .filter(d -> "OK".equals(d.status())).toList()); // any OK disk, on a LUN too (the service refuses the rest with why)
        return "disks";
    }

    @GetMapping("/disks/table")
    String table(Model model) {
        model.addAttribute("disks", rows());
        return "disks :: table";
    }

    @PostMapping("/disks")
    RedirectView create(@ModelAttribute DiskForm form, RedirectAttributes flash) {
        try {
            DiskResponse d = disks.create(form.toInput());
            flash.addFlashAttribute("alert", Alert.success("Disk %s (%s) was created on %s".formatted(d.name(), d.format(), d.storageDomainName())));
        } catch (BadRequestException e) {
            Map<String, String> errors = new LinkedHashMap<>();
            e.errors().forEach(f -> errors.merge(DiskForm.formField(f.field()), f.reason(), (a, b) -> a + "; " + b));
            keepForm(flash, form, errors, null);
        } catch (ConflictException e) {
            keepForm(flash, form, Map.of(), e.getMessage());
            if (!e.details().isEmpty()) {
                flash.addFlashAttribute("alert", Alert.refused(e));
            }
        }
        return VmsController.seeOther("/disks");
    }

    /** Move or copy a disk to another domain: a job, followed on the Jobs page. */
    @PostMapping({"/disks/move", "/disks/copy"})
    RedirectView moveOrCopy(@RequestParam(required = false) UUID diskId, @RequestParam(required = false) UUID storageDomainId,
                            @RequestParam(required = false) String name, jakarta.servlet.http.HttpServletRequest request, RedirectAttributes flash) {
        boolean move = request.getRequestURI().endsWith("/move");
        return outcome(flash, "/disks", () -> {
            if (diskId == null) {
                throw dev.flotilla.manager.api.BadRequestException.field("diskId", "is required: choose a disk");
            }
            var started = move ? copies.move(diskId, storageDomainId) : copies.copy(diskId, storageDomainId, name);
            return "%s: job %s (progress on the Jobs page)".formatted(move ? "Moving disk " + disks.get(diskId).name()
                    : "Copying into disk " + started.disk().name(), started.jobId());
        });
    }

    @PostMapping("/disks/{id}/cancel-move")
    RedirectView cancelMove(@PathVariable UUID id, RedirectAttributes flash) {
        return outcome(flash, "/disks", () -> "Cancelling the live move of disk %s: its VM stays on the source volumes"
                .formatted(copies.cancelMove(id).name()));
    }

    @PostMapping("/disks/{id}/delete")
    RedirectView delete(@PathVariable UUID id, RedirectAttributes flash) {
        return outcome(flash, "/disks", () -> {
            String name = disks.get(id).name();
            disks.delete(id);
            return "Disk %s was deleted".formatted(name);
        });
    }

    @PostMapping("/vms/{id}/disks")
    RedirectView attach(@PathVariable UUID id, @RequestParam(required = false) UUID diskId,
                        @RequestParam(name = "interface", required = false) String diskInterface,
                        @RequestParam(required = false) Boolean bootable, @RequestParam(required = false) Boolean readOnly,
                        RedirectAttributes flash) {
        return outcome(flash, "/vms/" + id, () -> {
            var a = disks.attach(id, new dev.flotilla.manager.storage.VmDiskInput(diskId, diskInterface, bootable, readOnly));
            return "Disk %s was attached (%s)".formatted(a.name(), a.diskInterface());
        });
    }

    @PostMapping("/vms/{id}/disks/{diskId}/detach")
    RedirectView detach(@PathVariable UUID id, @PathVariable UUID diskId, RedirectAttributes flash) {
        return outcome(flash, "/vms/" + id, () -> {
            String name = disks.get(diskId).name();
            disks.detach(id, diskId);
            return "Disk %s was detached".formatted(name);
        });
    }

    private static RedirectView outcome(RedirectAttributes flash, String target, java.util.function.Supplier<String> work) {
        return Alert.after(flash, target, work);
    }

    private static void keepForm(RedirectAttributes flash, DiskForm form, Map<String, String> errors, String formError) {
        flash.addFlashAttribute("form", form);
        flash.addFlashAttribute("errors", errors);
        flash.addFlashAttribute("formError", formError);
    }

    private List<DiskRow> rows() {
        return disks.list(null, null, new PageRequest(0, PageRequest.MAX_SIZE)).items().stream().map(DiskRow::of).toList();
    }
}
