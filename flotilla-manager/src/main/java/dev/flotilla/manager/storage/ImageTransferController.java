package dev.flotilla.manager.storage;

import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ListResponse;
import dev.flotilla.manager.api.PageRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/imagetransfers} (upload: create, PUT ranges to {@code transferUrl} with
 * {@code Content-Range: bytes FIRST-LAST/TOTAL}, finalize or cancel), {@code /api/v1/disks/{id}/download},
 * and the ISO images of iso domains ({@code /api/v1/isos}, {@code /api/v1/storagedomains/{id}/isos}).
 */
@RestController
class ImageTransferController {

    private final ImageTransferService transfers;
    private final DiskService disks;
    private final StorageDomainRepository domains;
    private final CdromService cdroms;

    ImageTransferController(ImageTransferService transfers, DiskService disks, StorageDomainRepository domains, CdromService cdroms) {
        this.cdroms = cdroms;
        this.transfers = transfers;
        this.disks = disks;
        this.domains = domains;
    }

    @GetMapping("/api/v1/imagetransfers")
    ListResponse<ImageTransfer> list() {
        List<ImageTransfer> items = transfers.list();
        return new ListResponse<>(items, items.size());
    }

    @GetMapping("/api/v1/imagetransfers/{id}")
    ImageTransfer get(@PathVariable UUID id) {
        return transfers.get(id);
    }

    @PostMapping("/api/v1/imagetransfers")
    @ResponseStatus(HttpStatus.CREATED)
    ImageTransfer begin(@RequestBody(required = false) ImageTransfer.Input in) {
        return transfers.begin(in == null ? new ImageTransfer.Input(null, null, null, null, null) : in);
    }

    /** One range of the image; without Content-Range the body is the whole image from byte 0. */
    @PutMapping("/api/v1/imagetransfers/{id}/data")
    ImageTransfer put(@PathVariable UUID id, @RequestHeader(value = "Content-Range", required = false) String range,
                      HttpServletRequest request) throws IOException {
        return transfers.receive(id, ImageTransfer.rangeStart(range), request.getInputStream());
    }

    @PostMapping("/api/v1/imagetransfers/{id}/finalize")
    ImageTransfer finish(@PathVariable UUID id) {
        return transfers.finish(id);
    }

    @PostMapping("/api/v1/imagetransfers/{id}/cancel")
    ImageTransfer cancel(@PathVariable UUID id) {
        return transfers.cancel(id);
    }

    @GetMapping("/api/v1/disks/{id}/download")
    void download(@PathVariable UUID id, HttpServletResponse response) {
        DiskResponse disk = disks.get(id);
        String extension = domains.get(disk.storageDomainId()).role() == StorageRole.ISO ? "iso" : disk.format();
        transfers.download(id, total -> {
            response.setContentType("application/octet-stream");
            response.setContentLengthLong(total);
            response.setHeader("Content-Disposition", "attachment; filename=\"" + disk.name() + "." + extension + "\"");
            return response.getOutputStream();
        });
    }

    /** The ISO images on every iso domain. */
    @GetMapping("/api/v1/isos")
    ListResponse<DiskResponse> isos() {
        List<DiskResponse> items = domains.all().stream().filter(d -> d.role() == StorageRole.ISO)
                .flatMap(d -> disks.list(d.id(), null, new PageRequest(0, PageRequest.MAX_SIZE)).items().stream()).toList();
        return new ListResponse<>(items, items.size());
    }

    @GetMapping("/api/v1/storagedomains/{id}/isos")
    ListResponse<DiskResponse> domainIsos(@PathVariable UUID id) {
        if (domains.get(id).role() != StorageRole.ISO) {
            throw BadRequestException.field("id", "names a data domain; ISO images are on iso domains");
        }
        return disks.list(id, null, new PageRequest(0, PageRequest.MAX_SIZE));
    }

    @DeleteMapping("/api/v1/isos/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteIso(@PathVariable UUID id) {
        DiskResponse disk = disks.get(id);
        if (domains.get(disk.storageDomainId()).role() != StorageRole.ISO) {
            throw BadRequestException.field("id", "names a disk, not an ISO image; delete it under /api/v1/disks");
        }
        cdroms.runningWith(id).ifPresent(vm -> {
            throw new dev.flotilla.manager.api.ConflictException("ISO %s is in the CD-ROM drive of VM %s, which is running; eject it first"
                    .formatted(disk.name(), vm));
        });
        disks.delete(id);
    }
}
