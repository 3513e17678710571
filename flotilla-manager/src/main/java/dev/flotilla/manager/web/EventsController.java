package dev.flotilla.manager.web;

import dev.flotilla.manager.api.ListResponse;
import dev.flotilla.manager.api.PageRequest;
import dev.flotilla.manager.events.Event;
import dev.flotilla.manager.events.EventRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The event log, newest first, a page at a time; page 0 follows new events live. */
@Controller
class EventsController {

    private static final int PAGE_SIZE = 25;

    private final EventRepository events;

    EventsController(EventRepository events) {
        this.events = events;
    }

    @GetMapping("/events")
    String page(@RequestParam(defaultValue = "0") int page, Model model) {
        fill(page, model);
        return "events";
    }

    @GetMapping("/events/table")
    String table(@RequestParam(defaultValue = "0") int page, Model model) {
        fill(page, model);
        return "events :: table";
    }

    private void fill(int page, Model model) {
        int p = Math.max(0, page);
        ListResponse<Event> found = events.find(null, null, new PageRequest(p, PAGE_SIZE));
        model.addAttribute("events", found.items().stream().map(EventRow::of).toList());
        model.addAttribute("page", p);
        model.addAttribute("total", found.total());
        model.addAttribute("first", found.items().isEmpty() ? 0 : (long) p * PAGE_SIZE + 1);
        model.addAttribute("last", (long) p * PAGE_SIZE + found.items().size());
        model.addAttribute("hasOlder", (long) (p + 1) * PAGE_SIZE < found.total());
    }
}
