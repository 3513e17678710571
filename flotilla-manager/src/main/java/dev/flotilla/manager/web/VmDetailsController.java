package dev.flotilla.manager.web;

import dev.flotilla.manager.api.PageRequest;
import dev.flotilla.manager.datacenter.ClusterRepository;
import dev.flotilla.manager.events.EventRepository;
import dev.flotilla.manager.events.ObjectType;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.jobs.Jobs;
import dev.flotilla.manager.migration.Migrations;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.storage.DiskService;
import dev.flotilla.manager.vm.ReportedVm;
import dev.flotilla.manager.vm.VmResponse;
import dev.flotilla.manager.vm.VmService;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** One VM: its configuration, status and reason, host, disks, live stats (disk and network rates among them) and its own events. */
@Controller
class VmDetailsController {

    private static final int EVENTS = 20;

    private final VmService vms;
    private final HostRepository hosts;
    private final ClusterRepository clusters;
    private final EventRepository events;
    private final Migrations migrations;
    private final DiskService disks;
    private final dev.flotilla.manager.storage.CdromService cdroms;
    private final dev.flotilla.manager.affinity.AffinityGroupService pins;
    private final Jobs jobs;
    private final dev.flotilla.manager.snapshot.SnapshotViews snapshots;

    VmDetailsController(VmService vms, HostRepository hosts, ClusterRepository clusters, EventRepository events, Migrations migrations,
                        DiskService disks, dev.flotilla.manager.storage.CdromService cdroms,
                        dev.flotilla.manager.affinity.AffinityGroupService pins, Jobs jobs,
                        dev.flotilla.manager.snapshot.SnapshotViews snapshots) {
        this.cdroms = cdroms;
        this.jobs = jobs;
        this.snapshots = snapshots;
        this.vms = vms;
        this.migrations = migrations;
        this.hosts = hosts;
        this.clusters = clusters;
        this.events = events;
        this.disks = disks;
        this.pins = pins;
    }

    @GetMapping("/vms/{id}")
    String page(@PathVariable UUID id, Model model) {
        VmResponse vm = vms.get(id);
        String hostName = vm.hostId() == null ? null : hosts.find(vm.hostId()).map(Host::name).orElse(null);
        model.addAttribute("vm", vm);
        model.addAttribute("row", VmRow.of(vm, hostName));
        model.addAttribute("clusterName", clusters.find(vm.clusterId()).map(c -> c.name()).orElse(""));
        model.addAttribute("created", Format.time(vm.createdAt()));
        model.addAttribute("statusSince", Format.time(vm.statusChangedAt()));
        model.addAttribute("disks", disks.vmDisks(id).stream().map(VmDiskRow::of).toList());
        model.addAttribute("attachable", disks.unattached());
        model.addAttribute("cdrom", cdroms.of(id).orElse(null));
        model.addAttribute("isos", cdroms.isos());
        ReportedVm.Stats s = vm.stats();
        model.addAttribute("diskRates", s == null ? "—"
                : Format.devices(s.disks(), "disk", s.diskReadBytesPerSecond(), "read", s.diskWriteBytesPerSecond(), "written"));
        model.addAttribute("networkRates", s == null ? "—" : Format.devices(s.nics(), "network interface",
                s.networkReceiveBytesPerSecond(), "received", s.networkTransmitBytesPerSecond(), "sent"));
        model.addAttribute("migration", migrations.of(id).orElse(null));
        model.addAttribute("pinned", pins.pinnedHosts(id));
        model.addAttribute("clusterHosts", hosts.inCluster(vm.clusterId()));
        model.addAttribute("jobs", jobs.list(null, id, new PageRequest(0, 10)).items().stream()
                .map(j -> JobRow.of(j, java.time.Instant.now())).toList());
        model.addAttribute("objectId", id);
        var chain = snapshots.chain(id);
        model.addAttribute("snapshots", chain);
        model.addAttribute("snapshotRows", chain.items().stream().map(SnapshotRow::of).toList());
        model.addAttribute("events", events.find(id, ObjectType.VM, new PageRequest(0, EVENTS)).items().stream()
                .map(EventRow::of).toList());
        return "vm";
    }
}
