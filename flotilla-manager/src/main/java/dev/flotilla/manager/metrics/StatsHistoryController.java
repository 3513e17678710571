package dev.flotilla.manager.metrics;

import dev.flotilla.manager.api.ListResponse;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.vm.VmRepository;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The recent stats of one host or VM, oldest first. Served twice: under {@code /api/v1} for API
 * clients (HTTP Basic) and as {@code stats.json} beside the console pages, because the console's
 * charts run with the session cookie and the API chain accepts no session.
 */
@RestController
class StatsHistoryController {

    private final HostRepository hosts;
    private final VmRepository vms;
    private final StatsHistory history;

    StatsHistoryController(HostRepository hosts, VmRepository vms, StatsHistory history) {
        this.hosts = hosts;
        this.vms = vms;
        this.history = history;
    }

    @GetMapping({"/api/v1/hosts/{id}/stats/history", "/hosts/{id}/stats.json"})
    ListResponse<HostSample> host(@PathVariable UUID id) {
        hosts.get(id);  // 404 for an unknown host rather than an empty history
        return page(history.host(id));
    }

    @GetMapping({"/api/v1/vms/{id}/stats/history", "/vms/{id}/stats.json"})
    ListResponse<VmSample> vm(@PathVariable UUID id) {
        vms.get(id);
        return page(history.vm(id));
    }

    private static <T> ListResponse<T> page(List<T> items) {
        return new ListResponse<>(items, items.size());
    }
}
