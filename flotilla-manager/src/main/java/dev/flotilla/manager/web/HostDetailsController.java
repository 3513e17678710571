package dev.flotilla.manager.web;

import dev.flotilla.manager.api.PageRequest;
import dev.flotilla.manager.datacenter.ClusterRepository;
import dev.flotilla.manager.events.EventRepository;
import dev.flotilla.manager.events.ObjectType;
import dev.flotilla.manager.host.HostResponse;
import dev.flotilla.manager.host.HostService;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** One host: its facts, its last heartbeat's stats, the VMs on it, charts of its recent load and its own events. */
@Controller
class HostDetailsController {

    private static final int EVENTS = 20;

    private final HostService hosts;
    private final VmRepository vms;
    private final ClusterRepository clusters;
    private final EventRepository events;
    private final Clock clock;

    HostDetailsController(HostService hosts, VmRepository vms, ClusterRepository clusters, EventRepository events, Clock clock) {
        this.hosts = hosts;
        this.vms = vms;
        this.clusters = clusters;
        this.events = events;
        this.clock = clock;
    }

    /** A VM placed on the host, as a link. */
    record PlacedVm(UUID id, String name, String status, String color) {
    }

    @GetMapping("/hosts/{id}")
    String page(@PathVariable UUID id, Model model) {
        HostResponse host = hosts.get(id);
        Instant now = clock.instant();
        HostResponse.Stats s = host.stats();
        model.addAttribute("host", host);
        model.addAttribute("row", HostRow.of(host, now));
        model.addAttribute("clusterName", clusters.find(host.clusterId()).map(c -> c.name()).orElse(""));
        model.addAttribute("memory", s == null ? "—" : "%s of %s".formatted(Format.mib(s.memoryUsedMiB()), Format.mib(s.memoryTotalMiB())));
        model.addAttribute("load", s == null ? "—" : "%.2f, %.2f, %.2f".formatted(s.load1(), s.load5(), s.load15()));
        model.addAttribute("uptime", s == null ? "—" : Format.duration(s.uptimeSeconds()));
        model.addAttribute("diskRates", s == null ? "—" : Format.rates(s.diskReadBytesPerSecond(), "read", s.diskWriteBytesPerSecond(), "written"));
        model.addAttribute("networkRates", s == null ? "—"
                : Format.rates(s.networkReceiveBytesPerSecond(), "received", s.networkTransmitBytesPerSecond(), "sent"));
        model.addAttribute("vms", vms.onHost(id).stream().sorted(Comparator.comparing(Vm::name))
                .map(v -> new PlacedVm(v.id(), v.name(), v.status().name(), VmRow.color(v.status()))).toList());
        model.addAttribute("domainChecks", host.storageDomains().stream().map(DomainCheckRow::of).toList());
        model.addAttribute("events", events.find(id, ObjectType.HOST, new PageRequest(0, EVENTS)).items().stream()
                .map(EventRow::of).toList());
        return "host";
    }
}
