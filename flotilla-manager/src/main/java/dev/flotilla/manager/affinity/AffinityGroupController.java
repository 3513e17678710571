package dev.flotilla.manager.affinity;

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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AffinityGroupController {

    private final AffinityGroupRepository groups;
    private final ClusterRepository clusters;
    private final AffinityGroupService service;

    AffinityGroupController(AffinityGroupRepository groups, ClusterRepository clusters, AffinityGroupService service) {
        this.groups = groups;
        this.clusters = clusters;
        this.service = service;
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
        return service.create(clusterId, in);
    }

    @PatchMapping("/api/v1/clusters/{clusterId}/affinitygroups/{id}")
    AffinityGroup update(@PathVariable UUID clusterId, @PathVariable UUID id, @RequestBody AffinityGroupInput in) {
        return service.update(clusterId, id, in);
    }

    /** The hosts a VM is pinned to. */
    record PinnedHosts(List<UUID> hostIds) {
    }

    @GetMapping("/api/v1/vms/{id}/pinnedhosts")
    PinnedHosts pinnedHosts(@PathVariable UUID id) {
        return new PinnedHosts(service.pinnedHosts(id));
    }

    @PutMapping("/api/v1/vms/{id}/pinnedhosts")
    PinnedHosts pin(@PathVariable UUID id, @RequestBody PinnedHosts in) {
        return new PinnedHosts(service.pin(id, in.hostIds()));
    }

    @DeleteMapping("/api/v1/clusters/{clusterId}/affinitygroups/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID clusterId, @PathVariable UUID id) {
        service.delete(clusterId, id);
    }
}
