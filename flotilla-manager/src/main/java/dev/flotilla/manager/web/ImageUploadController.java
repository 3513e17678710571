package dev.flotilla.manager.web;

import dev.flotilla.manager.storage.CdromService;
import dev.flotilla.manager.storage.DiskService;
import dev.flotilla.manager.storage.ImageTransfer;
import dev.flotilla.manager.storage.ImageTransferService;
import dev.flotilla.manager.storage.VmCdrom;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.view.RedirectView;

/**
 * The console's uploads (the page's script creates a transfer, PUTs the file in slices with
 * Content-Range and finalizes, showing progress), disk downloads, and a VM's CD-ROM drive. The
 * signed-in session and its CSRF token stand in for the REST API's Basic login; the work is the
 * API's own ({@link ImageTransferService}, {@link CdromService}).
 */
@Controller
class ImageUploadController {

    private final ImageTransferService transfers;
    private final CdromService cdroms;
    private final DiskService disks;

    ImageUploadController(ImageTransferService transfers, CdromService cdroms, DiskService disks) {
        this.transfers = transfers;
        this.cdroms = cdroms;
        this.disks = disks;
    }

    @PostMapping("/imagetransfers")
    @ResponseBody
    ResponseEntity<?> begin(@RequestBody(required = false) ImageTransfer.Input in) {
        return ConsoleJson.answer(HttpStatus.CREATED, () -> transfers.begin(in == null ? new ImageTransfer.Input(null, null, null, null, null) : in));
    }

    @PutMapping("/imagetransfers/{id}/data")
    @ResponseBody
    ResponseEntity<?> put(@PathVariable UUID id, @RequestHeader(value = "Content-Range", required = false) String range, HttpServletRequest request) {
        return ConsoleJson.answer(HttpStatus.OK, () -> {
            try {
                return transfers.receive(id, ImageTransfer.rangeStart(range), request.getInputStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @PostMapping("/imagetransfers/{id}/finalize")
    @ResponseBody
    ResponseEntity<?> finish(@PathVariable UUID id) {
        return ConsoleJson.answer(HttpStatus.OK, () -> transfers.finish(id));
    }

    @PostMapping("/imagetransfers/{id}/cancel")
    @ResponseBody
    ResponseEntity<?> cancel(@PathVariable UUID id) {
        return ConsoleJson.answer(HttpStatus.OK, () -> transfers.cancel(id));
    }

    @GetMapping("/disks/{id}/download")
    void download(@PathVariable UUID id, HttpServletResponse response) {
        var disk = disks.get(id);
        transfers.download(id, total -> {
            response.setContentType("application/octet-stream");
            response.setContentLengthLong(total);
            response.setHeader("Content-Disposition", "attachment; filename=\"" + disk.name() + "\"");
            return response.getOutputStream();
        });
    }

    @PostMapping("/vms/{id}/cdrom")
    RedirectView insert(@PathVariable UUID id, @RequestParam(required = false) UUID isoId, @RequestParam(required = false) Boolean boot,
                        RedirectAttributes flash) {
        return outcome(flash, id, () -> {
            VmCdrom c = cdroms.insert(id, new VmCdrom.Input(isoId, boot));
            return "ISO %s is in the CD-ROM drive%s".formatted(c.isoName(), c.boot() ? " (boots from it)" : "");
        });
    }

    @PostMapping("/vms/{id}/cdrom/eject")
    RedirectView eject(@PathVariable UUID id, RedirectAttributes flash) {
        return outcome(flash, id, () -> {
            cdroms.eject(id);
            return "The CD-ROM drive was ejected";
        });
    }

    private static RedirectView outcome(RedirectAttributes flash, UUID vmId, java.util.function.Supplier<String> work) {
        try {
            flash.addFlashAttribute("alert", Alert.success(work.get()));
        } catch (RuntimeException e) {
            if (!Alert.isRefusal(e)) {
                throw e;
            }
            flash.addFlashAttribute("alert", Alert.refused(e));
        }
        return VmsController.seeOther("/vms/" + vmId);
    }
}
