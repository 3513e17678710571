package dev.flotilla.manager.jobs;

import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ListResponse;
import dev.flotilla.manager.api.PageRequest;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/jobs}: newest first, filtered by status and by an object they concern. */
@RestController
@RequestMapping("/api/v1/jobs")
class JobController {

    private final Jobs jobs;

    JobController(Jobs jobs) {
        this.jobs = jobs;
    }

    @GetMapping
    ListResponse<Job> list(@RequestParam(required = false) String status,
                           @RequestParam(required = false) UUID objectId,
                           @RequestParam(required = false) Integer page,
                           @RequestParam(required = false) Integer size) {
        JobStatus s = null;
        if (status != null && !status.isBlank()) {
            try {
                s = JobStatus.parse(status);
            } catch (IllegalArgumentException e) {
                throw BadRequestException.field("status", "must be one of running, finished, failed, cancelled");
            }
        }
        return jobs.list(s, objectId, PageRequest.of(page, size));
    }

    @GetMapping("/{id}")
    Job get(@PathVariable UUID id) {
        return jobs.get(id);
    }
}
