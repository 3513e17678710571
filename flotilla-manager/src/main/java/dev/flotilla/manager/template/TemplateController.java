package dev.flotilla.manager.template;

import dev.flotilla.manager.api.ListResponse;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/templates}: list, show, make from a stopped VM (202 with the copy job), delete
 * (409 naming the thin VMs that read from it), and {@code POST /{id}/vms} to make a VM from it.
 */
@RestController
@RequestMapping("/api/v1/templates")
class TemplateController {

    record CreateInput(UUID vmId, String name, String description) {
    }

    private final TemplateService templates;

    TemplateController(TemplateService templates) {
        this.templates = templates;
    }

    @GetMapping
    ListResponse<Template> list() {
        List<Template> all = templates.list();
        return new ListResponse<>(all, all.size());
    }

    @GetMapping("/{id}")
    Template get(@PathVariable UUID id) {
        return templates.get(id);
    }

    @PostMapping
    ResponseEntity<TemplateService.MadeTemplate> create(@RequestBody CreateInput in) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(templates.create(in.vmId(), in.name(), in.description()));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id) {
        templates.delete(id);
    }

    /** 201 for a thin VM (ready), 202 for a clone (its disks are copied by the job). */
    @PostMapping("/{id}/vms")
    ResponseEntity<TemplateService.MadeVm> newVm(@PathVariable UUID id, @RequestBody TemplateService.NewVm in) {
        TemplateService.MadeVm made = templates.newVm(id, in);
        return ResponseEntity.status(made.jobId() == null ? HttpStatus.CREATED : HttpStatus.ACCEPTED).body(made);
    }
}
