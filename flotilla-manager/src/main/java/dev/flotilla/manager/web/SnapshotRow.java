package dev.flotilla.manager.web;

import dev.flotilla.manager.snapshot.SnapshotResponse;
import java.util.List;

/** One snapshot line of a VM's page, with the operations its status allows. */
record SnapshotRow(String id, String description, String status, String reason, String kind, String taken, List<String> ops) {

    static SnapshotRow of(SnapshotResponse s) {
        List<String> ops = switch (s.status()) {
            case "InPreview" -> List.of("commit", "undo");
            case "OK" -> List.of("preview", "restore", "clone", "delete");
            default -> List.of();
        };
        return new SnapshotRow(s.id().toString(), s.description(), s.status(), s.statusReason(), s.live() ? "live" : "offline",
                Format.time(s.createdAt()), ops);
    }
}
