package dev.flotilla.manager.web;

import dev.flotilla.manager.affinity.AffinityGroupRepository;
import dev.flotilla.manager.api.FieldError;
import dev.flotilla.manager.api.PageRequest;
import dev.flotilla.manager.datacenter.Cluster;
import dev.flotilla.manager.datacenter.ClusterInput;
import dev.flotilla.manager.datacenter.ClusterRepository;
import dev.flotilla.manager.datacenter.ClusterService;
import dev.flotilla.manager.datacenter.DataCenterRepository;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.scheduling.AffinityGroup;
import dev.flotilla.manager.scheduling.SchedulingPolicy;
import dev.flotilla.manager.scheduling.SchedulingPolicyService;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmRepository;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.view.RedirectView;

/** The cluster list with each cluster's scheduling policy, and a read-only view of a cluster's affinity groups (the forms are on the cluster page, {@link ClusterDetailsController}). */
@Controller
@RequestMapping("/clusters")
class ClustersController {

    /** One cluster row: its policy with the parameters it overrides, and how many affinity groups it has. */
    record ClusterRow(UUID id, String name, String policy, String overrides, String cpuModel, int affinityGroups) {
    }

    /** One affinity group row with its members by name. */
    record GroupRow(String name, String polarity, String enforcing, String vms, String hosts, String description) {
    }

    private final ClusterRepository clusters;
    private final ClusterService clusterService;
    private final DataCenterRepository dataCenters;
    private final SchedulingPolicyService policies;
    private final AffinityGroupRepository groups;
    private final VmRepository vms;
    private final HostRepository hosts;

    ClustersController(ClusterRepository clusters, ClusterService clusterService, DataCenterRepository dataCenters,
                       SchedulingPolicyService policies, AffinityGroupRepository groups, VmRepository vms, HostRepository hosts) {
        this.clusters = clusters;
        this.clusterService = clusterService;
        this.dataCenters = dataCenters;
        this.policies = policies;
        this.groups = groups;
        this.vms = vms;
        this.hosts = hosts;
    }

    @GetMapping
    String page(Model model) {
        List<ClusterRow> rows = clusters.list(null, new PageRequest(0, 1000)).items().stream().map(c -> new ClusterRow(c.id(), c.name(),
                c.schedulingPolicy(), overrides(c), c.cpuModel() == null ? "any" : c.cpuModel(), groups.inCluster(c.id()).size())).toList();
        model.addAttribute("clusters", rows);
        model.addAttribute("dataCenters", dataCenters.list(new PageRequest(0, PageRequest.MAX_SIZE)).items());
        model.addAttribute("policyNames", policies.list().stream().map(SchedulingPolicy::name).toList());
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
            model.addAttribute("typed", Map.of());
        }
        return "clusters";
    }

    /** "New cluster": on success the new cluster's page, where the rest of its settings are. */
    @PostMapping
    RedirectView create(@RequestParam Map<String, String> fields, RedirectAttributes flash) {
        try {
            List<FieldError> errors = new ArrayList<>();
            UUID dc = FormFields.uuid(fields.get("dataCenterId"), "dataCenterId", errors);
            FormFields.check(errors);
            Cluster c = clusterService.create(new ClusterInput(fields.get("name"), dc, fields.get("description"), null, null,
                    fields.get("schedulingPolicy"), null, null, null));
            flash.addFlashAttribute("alert", Alert.success("Cluster %s was created".formatted(c.name())));
            return VmsController.seeOther("/clusters/" + c.id());
        } catch (RuntimeException e) {
            if (!FormFields.refused(e, "cluster-new", fields, flash)) {
                throw e;
            }
            return VmsController.seeOther("/clusters");
        }
    }

    @GetMapping("/{id}/affinitygroups")
    String affinityGroups(@PathVariable UUID id, Model model) {
        Cluster cluster = clusters.get(id);
        List<AffinityGroup> all = groups.inCluster(id);
        Map<UUID, String> vmNames = vms.findAll(all.stream().flatMap(g -> g.vmIds().stream()).collect(Collectors.toSet())).stream()
                .collect(Collectors.toMap(Vm::id, Vm::name));
        Map<UUID, String> hostNames = hosts.inCluster(id).stream().collect(Collectors.toMap(Host::id, Host::name));
        model.addAttribute("cluster", cluster);
        model.addAttribute("groups", all.stream().map(g -> new GroupRow(g.name(), g.positive() ? "positive" : "negative",
                g.enforcing() ? "hard" : "soft", names(g.vmIds(), vmNames::get), names(g.hostIds(), hostNames::get), g.description())).toList());
        return "affinitygroups";
    }

    private static String overrides(Cluster c) {
        return c.schedulingPolicyParameters().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    private static String names(Collection<UUID> ids, Function<UUID, String> name) {
        if (ids.isEmpty()) {
            return "—";
        }
        return ids.stream().map(i -> name.apply(i) == null ? i.toString() : name.apply(i)).sorted().collect(Collectors.joining(", "));
    }
}
