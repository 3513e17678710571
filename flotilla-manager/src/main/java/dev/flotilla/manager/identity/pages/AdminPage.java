package dev.flotilla.manager.identity.pages;

import java.util.function.Supplier;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** How the administration pages run a form's action: its outcome as a flash message, then back to the page. */
public final class AdminPage {

    private AdminPage() {
    }

    /** Runs {@code work}; its answer (or the refusal's reason) is shown on {@code page} after the redirect. */
    public static String run(String page, RedirectAttributes redirect, Supplier<String> work) {
        try {
            redirect.addFlashAttribute("message", work.get());
        } catch (RuntimeException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:" + page;
    }
}
