package dev.flotilla.manager.host;

import dev.flotilla.manager.action.ActionRunner;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * The host operations for callers outside this package (the web console): each runs its audited
 * action through the runner, exactly as {@code HostController} does for the REST API.
 */
@Service
public class HostService {

    private final HostRepository hosts;
    private final HostPresence presence;
    private final HostActions actions;
    private final ActionRunner runner;

    HostService(HostRepository hosts, HostPresence presence, HostActions actions, ActionRunner runner) {
        this.hosts = hosts;
        this.presence = presence;
        this.actions = actions;
        this.runner = runner;
    }

    public HostResponse approve(UUID id) {
        return view(runner.run(actions.approve, id));
    }

    public HostResponse maintenance(UUID id) {
        return view(runner.run(actions.maintenance, id));
    }

    public HostResponse activate(UUID id) {
        return view(runner.run(actions.activate, id));
    }

    public void delete(UUID id) {
        runner.run(actions.delete, id);
    }

    /** Every host with its live data, in name order (the console shows them all on one page). */
    public List<HostResponse> all() {
        Map<UUID, Long> counts = hosts.vmCounts();
        return hosts.all().stream()
                .map(h -> HostResponse.of(h, presence.get(h.id()).orElse(null), counts.getOrDefault(h.id(), 0L)))
                .toList();
    }

    private HostResponse view(Host h) {
        return HostResponse.of(h, presence.get(h.id()).orElse(null), hosts.vmCounts().getOrDefault(h.id(), 0L));
    }
}
