package dev.flotilla.manager.affinity;

import dev.flotilla.manager.action.ActionRunner;
import dev.flotilla.manager.api.ListResponse;
import dev.flotilla.manager.datacenter.ClusterRepository;
import dev.flotilla.manager.scheduling.AffinityGroup;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AffinityGroupController {

    private final AffinityGroupRepository groups;
    private final ClusterRepository clusters;
    private final AffinityGroupActions actions;
    private final ActionRunner runner;

    AffinityGroupController(AffinityGroupRepository groups, ClusterRepository clusters, AffinityGroupActions actions, ActionRunner runner) {
        this.groups = groups;
        this.clusters = clusters;
        this.actions = actions;
        this.runner = runner;
    }

    @GetMapping("/api/v1/clusters/{clusterId}/affinitygroups")
    ListResponse<AffinityGroup> list(@PathVariable UUID clusterId) {
        List<AffinityGroup> all = groups.inCluster(clusters.get(clusterId).id());
        return new ListResponse<>(all, all.size());
    }

    @GetMapping("/api/v1/clusters/{clusterId}/affinitygroups/{id}")
    AffinityGroup get(@PathVariable UUID clusterId, @PathVariable UUID id) {
        return groups.get(clusters.get(clusterId).id(), id);
    }

    @PostMapping("/api/v1/clusters/{clusterId}/affinitygroups")
    @ResponseStatus(HttpStatus.CREATED)
    AffinityGroup create(@PathVariable UUID clusterId, @RequestBody AffinityGroupInput in) {
        return runner.run(actions.create, new AffinityGroupActions.CreateInput(clusterId, in));
    }

    @PatchMapping("/api/v1/clusters/{clusterId}/affinitygroups/{id}")
    AffinityGroup update(@PathVariable UUID clusterId, @PathVariable UUID id, @RequestBody AffinityGroupInput in) {
        return runner.run(actions.update, new AffinityGroupActions.UpdateInput(clusterId, id, in));
    }

    @DeleteMapping("/api/v1/clusters/{clusterId}/affinitygroups/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID clusterId, @PathVariable UUID id) {
        runner.run(actions.delete, new AffinityGroupActions.DeleteInput(clusterId, id));
    }
}
