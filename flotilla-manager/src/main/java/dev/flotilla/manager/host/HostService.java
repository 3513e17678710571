package dev.flotilla.manager.host;

import dev.flotilla.manager.action.ActionRunner;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * The host operations as the REST API and the console both call them: each runs its audited
 * action through the runner and answers the host with its live data.
 */
@Service
public class HostService {

    private final HostRepository hosts;
    private final HostPresence presence;
    private final HostActions actions;
    private final ActionRunner runner;
    private final HostMonitor monitor;
    private final HostDomainChecks domainChecks;

    HostService(HostRepository hosts, HostPresence presence, HostActions actions, ActionRunner runner, HostMonitor monitor,
                HostDomainChecks domainChecks) {
        this.domainChecks = domainChecks;
        this.monitor = monitor;
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

    /**
     * Power saving parks an idle Up host before powering it off: straight to Maintenance with
     * {@code reason}; false when the host is no longer Up (the caller checked it runs no VM).
     */
    public boolean parkIdle(UUID id, String reason) {
        Host h = hosts.get(id);
        return h.status() == HostStatus.Up && monitor.move(h, HostStatus.Maintenance, reason) != null;
    }

    /** The evacuation of a host preparing for maintenance is over: no VM is left on it. */
    public void evacuated(UUID id) {
        hosts.find(id).filter(h -> h.status() == HostStatus.PreparingForMaintenance)
                .ifPresent(h -> monitor.move(h, HostStatus.Maintenance, "its VMs migrated away"));
    }

    /** Why a host is still preparing for maintenance (which VMs cannot move, and why). */
    public void preparingBecause(UUID id, String reason) {
        hosts.updateReason(id, HostStatus.PreparingForMaintenance, reason);
    }

    /** One host with what its storage domain monitor last reported. */
    public HostResponse get(UUID id) {
        return view(hosts.get(id)).withStorageDomains(domainChecks.domainChecks(id));
    }

    /** One page of hosts with their live data; VMs are counted for that page only. */
    public dev.flotilla.manager.api.ListResponse<HostResponse> list(HostRepository.Filter filter, dev.flotilla.manager.api.PageRequest page) {
        var found = hosts.list(filter, page);
        Map<UUID, Long> counts = hosts.vmCounts(found.items().stream().map(Host::id).toList());
        return found.map(h -> HostResponse.of(h, presence.get(h.id()).orElse(null), counts.getOrDefault(h.id(), 0L)));
    }

    /** Every host with its live data, in name order (the console shows them all on one page). */
    public List<HostResponse> all() {
        Map<UUID, Long> counts = hosts.vmCounts();
        return hosts.all().stream()
                .map(h -> HostResponse.of(h, presence.get(h.id()).orElse(null), counts.getOrDefault(h.id(), 0L)))
                .toList();
    }

    private HostResponse view(Host h) {
        return HostResponse.of(h, presence.get(h.id()).orElse(null), hosts.vmCounts(List.of(h.id())).getOrDefault(h.id(), 0L));
    }
}
