package dev.flotilla.manager.web;

import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.NotFoundException;
import java.util.List;

/** A message shown above a table: PatternFly variant (success, danger, info), a title and per-item details. */
record Alert(String variant, String title, List<String> details) {

    static Alert success(String title) {
        return new Alert("success", title, List.of());
    }

    /** A refused action as the user should read it: the service's sentence, plus each host's or field's reason. */
    static Alert refused(RuntimeException e) {
        List<String> details = List.of();
        if (e instanceof ConflictException c) {
            details = c.details();
        } else if (e instanceof BadRequestException b) {
            details = b.errors().stream().map(f -> f.field() + ": " + f.reason()).toList();
        }
        return new Alert("danger", e.getMessage(), details);
    }

    /**
     * Runs a console action and redirects to {@code target} with its outcome as the alert: the
     * success sentence, or the refusal (400/404/409) as the user should read it.
     */
    static org.springframework.web.servlet.view.RedirectView after(org.springframework.web.servlet.mvc.support.RedirectAttributes flash,
                                                                    String target, java.util.function.Supplier<String> work) {
        try {
            flash.addFlashAttribute("alert", success(work.get()));
        } catch (RuntimeException e) {
            if (!isRefusal(e)) {
                throw e;
            }
            flash.addFlashAttribute("alert", refused(e));
        }
        return VmsController.seeOther(target);
    }

    static boolean isRefusal(RuntimeException e) {
        return e instanceof ConflictException || e instanceof BadRequestException || e instanceof NotFoundException;
    }
}
