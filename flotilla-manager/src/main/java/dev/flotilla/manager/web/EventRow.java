package dev.flotilla.manager.web;

import dev.flotilla.manager.events.Event;

/** One event line: time written out, severity label colour, and a link when the object has a page. */
record EventRow(long id, String time, String severity, String color, String objectType, String objectName,
                String objectLink, String user, String message, java.util.UUID objectId) {

    static EventRow of(Event e) {
        String color = switch (e.severity()) {
            case "error" -> "red";
            case "warning" -> "orange";
            default -> "blue";
        };
        String link = e.objectId() == null ? null : switch (e.objectType()) {
            case "vm" -> "/vms/" + e.objectId();
            case "host" -> "/hosts/" + e.objectId();
            case "storage_domain" -> "/storage/" + e.objectId();
            case "disk" -> "/disks";
            default -> null;
        };
        return new EventRow(e.id(), Format.time(e.time()), e.severity(), color, e.objectType(), e.objectName(), link,
                e.user(), e.message(), e.objectId());
    }
}
