package dev.flotilla.manager.web;

import dev.flotilla.manager.api.PageRequest;
import dev.flotilla.manager.jobs.Jobs;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The Jobs page: the newest jobs with status, progress and steps, refreshed live; also the job table of one object's page. */
@Controller
class JobsController {

    private static final int PAGE_SIZE = 50;

    private final Jobs jobs;
    private final Clock clock;

    JobsController(Jobs jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    @GetMapping("/jobs")
    String page(Model model) {
        model.addAttribute("jobs", rows(null, PAGE_SIZE));
        return "jobs";
    }

    /** The table alone: the whole list, or with {@code objectId} the jobs of one VM or disk (its page embeds this). */
    @GetMapping("/jobs/table")
    String table(@RequestParam(required = false) UUID objectId, Model model) {
        model.addAttribute("jobs", rows(objectId, objectId == null ? PAGE_SIZE : 10));
        model.addAttribute("objectId", objectId);
        return "jobs :: table";
    }

    List<JobRow> rows(UUID objectId, int size) {
        return jobs.list(null, objectId, new PageRequest(0, size)).items().stream().map(j -> JobRow.of(j, clock.instant())).toList();
    }
}
