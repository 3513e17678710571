package dev.flotilla.manager.snapshot;

import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/vms/{id}/snapshots}: list as a chain, take, show, delete (a merge job: 202 with
 * the job's id), and {@code /preview}, {@code /commit}, {@code /undo}, {@code /restore}.
 */
@RestController
@RequestMapping("/api/v1/vms/{vmId}/snapshots")
class SnapshotController {

    record CreateInput(String description) {
    }

    record CloneInput(String name) {
    }

    private final SnapshotViews views;
    private final SnapshotService service;
    private final SnapshotClones clones;

    SnapshotController(SnapshotViews views, SnapshotService service, SnapshotClones clones) {
        this.views = views;
        this.service = service;
        this.clones = clones;
    }

    /** A new VM with full copies of the disks as they were at the snapshot: 202 with the VM and the copy job. */
    @PostMapping("/{snapshotId}/clone")
    ResponseEntity<SnapshotClones.Cloned> cloneVm(@PathVariable UUID vmId, @PathVariable UUID snapshotId, @RequestBody(required = false) CloneInput in) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(clones.clone(vmId, snapshotId, in == null ? null : in.name()));
    }

    @GetMapping
    SnapshotChain list(@PathVariable UUID vmId) {
        return views.chain(vmId);
    }

    @PostMapping
    ResponseEntity<SnapshotResponse> create(@PathVariable UUID vmId, @RequestBody(required = false) CreateInput in) {
        Snapshot s = service.create(vmId, in == null ? "" : in.description());
        return ResponseEntity.status(HttpStatus.CREATED).body(views.of(s));
    }

    @GetMapping("/{snapshotId}")
    SnapshotResponse get(@PathVariable UUID vmId, @PathVariable UUID snapshotId) {
        return views.get(vmId, snapshotId);
    }

    @DeleteMapping("/{snapshotId}")
    ResponseEntity<Map<String, UUID>> delete(@PathVariable UUID vmId, @PathVariable UUID snapshotId) {
        UUID job = service.delete(vmId, snapshotId);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("jobId", job, "snapshotId", snapshotId));
    }

    @PostMapping("/{snapshotId}/preview")
    SnapshotResponse preview(@PathVariable UUID vmId, @PathVariable UUID snapshotId) {
        return views.of(service.preview(vmId, snapshotId));
    }

    @PostMapping("/{snapshotId}/undo")
    SnapshotResponse undo(@PathVariable UUID vmId, @PathVariable UUID snapshotId) {
        return views.of(service.undo(vmId, snapshotId));
    }

    @PostMapping("/{snapshotId}/commit")
    SnapshotResponse commit(@PathVariable UUID vmId, @PathVariable UUID snapshotId) {
        return views.of(service.commit(vmId, snapshotId));
    }

    @PostMapping("/{snapshotId}/restore")
    SnapshotResponse restore(@PathVariable UUID vmId, @PathVariable UUID snapshotId) {
        return views.of(service.restore(vmId, snapshotId));
    }
}
