package dev.flotilla.manager.web;

import dev.flotilla.manager.api.PageRequest;
import dev.flotilla.manager.datacenter.Cluster;
import dev.flotilla.manager.datacenter.ClusterRepository;
import dev.flotilla.manager.events.EventRepository;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.host.HostStatus;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmStatus;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The overview: hosts and VMs counted by status, each cluster's members, the latest events. */
@Controller
class DashboardController {

    private static final PageRequest COUNT_ONLY = new PageRequest(0, 1);

    private final HostRepository hosts;
    private final VmRepository vms;
    private final ClusterRepository clusters;
    private final EventRepository events;

    DashboardController(HostRepository hosts, VmRepository vms, ClusterRepository clusters, EventRepository events) {
        this.hosts = hosts;
        this.vms = vms;
        this.clusters = clusters;
        this.events = events;
    }

    /** One status and how many objects are in it, with its label colour. */
    record StatusCount(String status, String color, long count) {
    }

    record ClusterCounts(java.util.UUID id, String name, long hosts, long hostsUp, long vms, long vmsUp) {
    }

    @GetMapping("/")
    String page(Model model) {
        List<StatusCount> hostCounts = Arrays.stream(HostStatus.values())
                .map(s -> new StatusCount(s.name(), HostRow.color(s), hosts.list(new HostRepository.Filter(s, null, null), COUNT_ONLY).total()))
                .filter(c -> c.count() > 0).toList();
        List<StatusCount> vmCounts = Arrays.stream(VmStatus.values())
                .map(s -> new StatusCount(s.name(), VmRow.color(s), vms.list(new VmRepository.Filter(s, null, null, null), COUNT_ONLY).total()))
                .filter(c -> c.count() > 0).toList();
        model.addAttribute("hostCounts", hostCounts);
        model.addAttribute("hostTotal", hostCounts.stream().mapToLong(StatusCount::count).sum());
        model.addAttribute("vmCounts", vmCounts);
        model.addAttribute("vmTotal", vmCounts.stream().mapToLong(StatusCount::count).sum());
        model.addAttribute("clusters", clusters.list(null, new PageRequest(0, PageRequest.MAX_SIZE)).items().stream()
                .map(this::counts).toList());
        model.addAttribute("events", events.find(null, null, new PageRequest(0, 10)).items().stream().map(EventRow::of).toList());
        return "dashboard";
    }

    private ClusterCounts counts(Cluster c) {
        return new ClusterCounts(c.id(), c.name(),
                hosts.list(new HostRepository.Filter(null, c.id(), null), COUNT_ONLY).total(),
                hosts.list(new HostRepository.Filter(HostStatus.Up, c.id(), null), COUNT_ONLY).total(),
                vms.list(new VmRepository.Filter(null, null, c.id(), null), COUNT_ONLY).total(),
                vms.list(new VmRepository.Filter(VmStatus.Up, null, c.id(), null), COUNT_ONLY).total());
    }
}
