package dev.flotilla.manager.web;

import dev.flotilla.manager.affinity.AffinityGroupRepository;
import dev.flotilla.manager.api.FieldError;
import dev.flotilla.manager.api.PageRequest;
import dev.flotilla.manager.datacenter.Cluster;
import dev.flotilla.manager.datacenter.ClusterInput;
import dev.flotilla.manager.datacenter.ResiliencePolicy;
import dev.flotilla.manager.datacenter.ClusterRepository;
import dev.flotilla.manager.datacenter.ClusterService;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.powersaving.PowerSaving;
import dev.flotilla.manager.migration.ClusterMigrationDefaults;
import dev.flotilla.manager.migration.MigrationDefaults;
import dev.flotilla.manager.scheduling.SchedulingPolicy;
import dev.flotilla.manager.scheduling.SchedulingPolicyService;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.view.RedirectView;

/**
 * One cluster's page, as oVirt's "Edit Cluster" dialog: the scheduling policy with its
 * parameters (the policy's value and the cluster's override side by side), overcommit and CPU
 * family; the migration defaults (own and effective); and the affinity groups (their forms post
 * to {@link AffinityGroupFormsController}). Changes run the same services as the REST API.
 */
@Controller
@RequestMapping("/clusters/{id}")
class ClusterDetailsController {

    private static final String PARAM = "param.";

    /** One policy parameter: the policy's value ("" when it does not use it), the override and the value in force. */
    record ParameterRow(String name, String policyValue, String override, String effective) {
    }

    private final ClusterRepository clusters;
    private final ClusterService clusterService;
    private final SchedulingPolicyService policies;
    private final ClusterMigrationDefaults migrationDefaults;
    private final AffinityGroupRepository groups;
    private final VmRepository vms;
    private final HostRepository hosts;
    private final PowerSaving powerSaving;

    ClusterDetailsController(ClusterRepository clusters, ClusterService clusterService, SchedulingPolicyService policies,
                             ClusterMigrationDefaults migrationDefaults, AffinityGroupRepository groups, VmRepository vms, HostRepository hosts,
                             PowerSaving powerSaving) {
        this.powerSaving = powerSaving;
        this.clusters = clusters;
        this.clusterService = clusterService;
        this.policies = policies;
        this.migrationDefaults = migrationDefaults;
        this.groups = groups;
        this.vms = vms;
        this.hosts = hosts;
    }

    @GetMapping
    String page(@PathVariable UUID id, Model model) {
        Cluster cluster = clusters.get(id);
        SchedulingPolicy policy = policies.get(cluster.schedulingPolicy());
        List<ParameterRow> parameters = new ArrayList<>();
        SchedulingPolicy.DEFAULT_PARAMETERS.keySet().forEach(name -> {
            Integer own = policy.parameters().get(name);
            Integer override = cluster.schedulingPolicyParameters().get(name);
            Integer effective = override != null ? override : own;
            parameters.add(new ParameterRow(name, own == null ? "" : own.toString(), override == null ? "" : override.toString(),
                    effective == null ? "not used" : effective.toString()));
        });
        List<Vm> members = vms.list(new VmRepository.Filter(null, null, id, null), new PageRequest(0, PageRequest.MAX_SIZE)).items();
        List<Host> clusterHosts = hosts.inCluster(id);
        Map<UUID, String> names = new LinkedHashMap<>();
        members.forEach(v -> names.put(v.id(), v.name()));
        clusterHosts.forEach(h -> names.put(h.id(), h.name()));
        model.addAttribute("cluster", cluster);
        model.addAttribute("policy", policy);
        model.addAttribute("policyNames", policies.list().stream().map(SchedulingPolicy::name).toList());
        model.addAttribute("resiliencePolicies", ResiliencePolicy.names());
        model.addAttribute("parameters", parameters);
        model.addAttribute("migration", migrationDefaults.get(id));
        model.addAttribute("powerSaving", powerSaving.view(id));
        model.addAttribute("groups", groups.inCluster(id));
        model.addAttribute("vms", members);
        model.addAttribute("hosts", clusterHosts);
        model.addAttribute("names", names);
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
            model.addAttribute("typed", Map.of());
        }
        return "cluster";
    }

    /** The scheduling form: policy, every parameter override (blank = the policy's), overcommit and CPU family. */
    @PostMapping("/scheduling")
    RedirectView scheduling(@PathVariable UUID id, @RequestParam Map<String, String> fields, RedirectAttributes flash) {
        return FormFields.outcome("/clusters/" + id, "scheduling", fields, flash, () -> {
            List<FieldError> errors = new ArrayList<>();
            Map<String, Integer> overrides = new LinkedHashMap<>();
            fields.forEach((k, v) -> {
                if (k.startsWith(PARAM)) {
                    String name = k.substring(PARAM.length());
                    Integer value = FormFields.integer(v, "schedulingPolicyParameters." + name, errors);
                    if (value != null) {
                        overrides.put(name, value);
                    }
                }
            });
            Integer memory = FormFields.integer(fields.get("memoryOvercommitPercent"), "memoryOvercommitPercent", errors);
            Integer cpu = FormFields.integer(fields.get("cpuOvercommitPercent"), "cpuOvercommitPercent", errors);
            Integer version = FormFields.integer(fields.get("version"), "version", errors);
            FormFields.check(errors);
            Cluster c = clusterService.update(id, new ClusterInput(fields.get("name"), null, fields.get("description"), memory, cpu,
                    fields.get("schedulingPolicy"), overrides,
                    fields.get("cpuModel"), version == null ? null : version.longValue(), fields.get("resiliencePolicy")));
            return "Cluster %s now schedules with policy %s".formatted(c.name(), c.schedulingPolicy());
        });
    }

    /** The migration form: each setting blank (or "manager's") to take the manager's. */
    @PostMapping("/migration")
    RedirectView migration(@PathVariable UUID id, @RequestParam Map<String, String> fields, RedirectAttributes flash) {
        return FormFields.outcome("/clusters/" + id, "migration", fields, flash, () -> {
            List<FieldError> errors = new ArrayList<>();
            MigrationDefaults in = new MigrationDefaults(FormFields.integer(fields.get("maxDowntimeMs"), "maxDowntimeMs", errors),
                    FormFields.integer(fields.get("bandwidthMiBps"), "bandwidthMiBps", errors),
                    FormFields.choice(fields.get("autoConverge")), FormFields.choice(fields.get("postCopy")));
            FormFields.check(errors);
            ClusterMigrationDefaults.View v = migrationDefaults.set(id, in);
            return "Migration defaults of cluster %s were saved".formatted(v.clusterName());
        });
    }

    /** Delete: refused (409, shown on this page) while the cluster has hosts or VMs. */
    @PostMapping("/delete")
    RedirectView delete(@PathVariable UUID id, RedirectAttributes flash) {
        try {
            String name = clusters.get(id).name();
            clusterService.delete(id);
            flash.addFlashAttribute("alert", Alert.success("Cluster %s was deleted".formatted(name)));
            return VmsController.seeOther("/clusters");
        } catch (RuntimeException e) {
            if (!FormFields.refused(e, "delete", Map.of(), flash)) {
                throw e;
            }
            return VmsController.seeOther("/clusters/" + id);
        }
    }
}
