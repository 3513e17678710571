package dev.flotilla.manager.events;

import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ListResponse;
import dev.flotilla.manager.api.PageRequest;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/events")
class EventController {

    private final EventRepository events;

    EventController(EventRepository events) {
        this.events = events;
    }

    /** Newest first; filter by the object an event is about (id and/or type: vm, host, cluster, datacenter, system). */
    @GetMapping
    ListResponse<Event> list(@RequestParam(required = false) UUID objectId,
                             @RequestParam(required = false) String objectType,
                             @RequestParam(required = false) Integer page,
                             @RequestParam(required = false) Integer size) {
        ObjectType type = null;
        if (objectType != null && !objectType.isBlank()) {
            try {
                type = ObjectType.parse(objectType);
            } catch (IllegalArgumentException e) {
                throw BadRequestException.field("objectType", "must be one of system, datacenter, cluster, host, vm");
            }
        }
        return events.find(objectId, type, PageRequest.of(page, size));
    }
}
