package dev.flotilla.manager.web;

import dev.flotilla.manager.jobs.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One job line of the console: times written out, a label colour per status, links to what it
 * concerns; {@code objectType} / {@code objectId} (the main object) let the list be cut to what the
 * caller may see.
 */
record JobRow(String id, String description, String status, String color, int progress, String owner, String started,
              String took, String reason, String currentStep, List<Link> objects, List<Job.Step> steps,
              String objectType, java.util.UUID objectId) {

    /** A concerned object, linked when it has a page. */
    record Link(String type, String name, String href) {
    }

    static JobRow of(Job j, Instant now) {
        String color = switch (j.status()) {
            case running -> "blue";
            case finished -> "green";
            case failed -> "red";
            case cancelled -> "orange";
        };
        Instant end = j.endedAt() == null ? now : j.endedAt();
        String step = j.steps().isEmpty() ? "" : j.steps().get(j.steps().size() - 1).description();
        List<Link> objects = j.objects().stream().map(o -> new Link(o.type(), o.name(), switch (o.type()) {
            case "vm" -> "/vms/" + o.id();
            case "storage_domain" -> "/storage/" + o.id();
            case "disk" -> "/disks";
            case "template" -> "/templates";
            default -> null;
        })).toList();
        return new JobRow(j.id().toString(), j.description(), j.status().name(), color, j.progress(), j.owner(),
                Format.time(j.startedAt()), Format.duration(Math.max(0, Duration.between(j.startedAt(), end).toSeconds())),
                j.reason(), step, objects, j.steps(), j.objectType(), j.objectId());
    }
}
