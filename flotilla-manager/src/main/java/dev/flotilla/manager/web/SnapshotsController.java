package dev.flotilla.manager.web;

import dev.flotilla.manager.snapshot.SnapshotService;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.view.RedirectView;

/** The Snapshots section of a VM's page: take one, preview, undo, commit, restore, delete (a merge job shown in the page's Jobs). */
@Controller
class SnapshotsController {

    private final SnapshotService snapshots;
    private final dev.flotilla.manager.snapshot.SnapshotClones clones;
    private final dev.flotilla.manager.vm.VmRepository vms;

    SnapshotsController(SnapshotService snapshots, dev.flotilla.manager.snapshot.SnapshotClones clones, dev.flotilla.manager.vm.VmRepository vms) {
        this.snapshots = snapshots;
        this.clones = clones;
        this.vms = vms;
    }

    @PostMapping("/vms/{id}/snapshots")
    RedirectView create(@PathVariable UUID id, @RequestParam(required = false) String description, RedirectAttributes flash) {
        return outcome(flash, id, () -> {
            var s = snapshots.create(id, description);
            return "Snapshot '%s' was taken %s".formatted(s.description(), s.live() ? "live" : "offline");
        });
    }

    @PostMapping("/vms/{id}/snapshots/{sid}/{op}")
    RedirectView act(@PathVariable UUID id, @PathVariable UUID sid, @PathVariable String op, RedirectAttributes flash) {
        return outcome(flash, id, () -> switch (op) {
            case "preview" -> "Previewing snapshot '%s': start the VM to see it, then commit or undo".formatted(snapshots.preview(id, sid).description());
            case "undo" -> "Preview of snapshot '%s' undone".formatted(snapshots.undo(id, sid).description());
            case "commit" -> "Snapshot '%s' committed: the VM goes on from it".formatted(snapshots.commit(id, sid).description());
            case "restore" -> "Snapshot '%s' restored".formatted(snapshots.restore(id, sid).description());
            case "delete" -> "Deleting the snapshot: job %s (see Jobs below)".formatted(snapshots.delete(id, sid));
            // the console names the clone after the VM and the moment; the API and CLI take a name
            case "clone" -> {
                var c = clones.clone(id, sid, "%s-clone-%s".formatted(vms.get(id).name(), Long.toString(System.currentTimeMillis() % 1_000_000, 36)));
                yield "Cloning VM %s from the snapshot: job %s (see Jobs)".formatted(c.vm().name(), c.jobId());
            }
            default -> throw new dev.flotilla.manager.api.NotFoundException("no snapshot operation '" + op + "'");
        });
    }

    private static RedirectView outcome(RedirectAttributes flash, UUID vmId, java.util.function.Supplier<String> work) {
        return Alert.after(flash, "/vms/" + vmId, work);
    }
}
