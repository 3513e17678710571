package dev.flotilla.manager.datacenter;

import dev.flotilla.manager.action.ActionRunner;
import dev.flotilla.manager.api.ListResponse;
import dev.flotilla.manager.api.PageRequest;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class DataCenterController {

    private final DataCenterRepository dcs;
    private final ClusterRepository clusters;
    private final DataCenterActions dcActions;
    private final ClusterService clusterService;
    private final ActionRunner runner;

    DataCenterController(DataCenterRepository dcs, ClusterRepository clusters, DataCenterActions dcActions,
                         ClusterService clusterService, ActionRunner runner) {
        this.dcs = dcs;
        this.clusters = clusters;
        this.dcActions = dcActions;
        this.clusterService = clusterService;
        this.runner = runner;
    }

    @GetMapping("/api/v1/datacenters")
    ListResponse<DataCenter> listDataCenters(@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return dcs.list(PageRequest.of(page, size));
    }

    @GetMapping("/api/v1/datacenters/{id}")
    DataCenter getDataCenter(@PathVariable UUID id) {
        return dcs.get(id);
    }

    @PostMapping("/api/v1/datacenters")
    @ResponseStatus(HttpStatus.CREATED)
    DataCenter createDataCenter(@RequestBody DataCenterInput in) {
        return runner.run(dcActions.create, in);
    }

    @PatchMapping("/api/v1/datacenters/{id}")
    DataCenter updateDataCenter(@PathVariable UUID id, @RequestBody DataCenterInput in) {
        return runner.run(dcActions.update, new DataCenterActions.UpdateInput(id, in));
    }

    @DeleteMapping("/api/v1/datacenters/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteDataCenter(@PathVariable UUID id) {
        runner.run(dcActions.delete, id);
    }

    @GetMapping("/api/v1/clusters")
    ListResponse<Cluster> listClusters(@RequestParam(required = false) UUID dataCenterId,
                                       @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return clusters.list(dataCenterId, PageRequest.of(page, size));
    }

    @GetMapping("/api/v1/clusters/{id}")
    Cluster getCluster(@PathVariable UUID id) {
        return clusters.get(id);
    }

    @PostMapping("/api/v1/clusters")
    @ResponseStatus(HttpStatus.CREATED)
    Cluster createCluster(@RequestBody ClusterInput in) {
        return clusterService.create(in);
    }

    @PatchMapping("/api/v1/clusters/{id}")
    Cluster updateCluster(@PathVariable UUID id, @RequestBody ClusterInput in) {
        return clusterService.update(id, in);
    }

    @DeleteMapping("/api/v1/clusters/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteCluster(@PathVariable UUID id) {
        clusterService.delete(id);
    }
}
