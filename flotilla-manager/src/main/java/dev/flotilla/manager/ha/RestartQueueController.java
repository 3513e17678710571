package dev.flotilla.manager.ha;

import dev.flotilla.manager.api.ListResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/ha/restarts}: the highly available VMs waiting to be restarted, in restart order (cut to the VMs the caller sees). */
@RestController
class RestartQueueController {

    private final HaRestarts restarts;

    RestartQueueController(HaRestarts restarts) {
        this.restarts = restarts;
    }

    @GetMapping("/api/v1/ha/restarts")
    ListResponse<HaRestarts.QueuedRestart> list() {
        var queue = restarts.queue();
        return new ListResponse<>(queue, queue.size());
    }
}
