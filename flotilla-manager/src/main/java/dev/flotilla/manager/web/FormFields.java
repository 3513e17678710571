package dev.flotilla.manager.web;

import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.FieldError;
import dev.flotilla.manager.api.NotFoundException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.view.RedirectView;

/**
 * Reading typed form text into the API's inputs, and carrying a refusal back to the form that
 * caused it. Field errors keep the API's field names, so the page puts the service's own reason
 * next to the field (several forms share a page; {@code failedForm} says whose error it is).
 */
final class FormFields {

    private FormFields() {
    }

    /** Blank is "not set" (null); anything but a whole number is an error on {@code field}. */
    static Integer integer(String text, String field, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            errors.add(new FieldError(field, "'%s' is not a whole number".formatted(text.strip())));
            return null;
        }
    }

    /** Blank is "not set" (null); anything but an id is an error on {@code field}. */
    static UUID uuid(String text, String field, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(text.strip());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, "'%s' is not an id".formatted(text.strip())));
            return null;
        }
    }

    /** A three-way choice: "true", "false", or blank for "not set". */
    static Boolean choice(String text) {
        return text == null || text.isBlank() ? null : Boolean.valueOf(text.strip());
    }

    /** Refusals the form can show (400, 409, 404); anything else is a bug and propagates. */
    static boolean refused(RuntimeException e, String form, Map<String, String> typed, RedirectAttributes flash) {
        if (!Alert.isRefusal(e)) {
            return false;
        }
        Map<String, String> errors = new LinkedHashMap<>();
        List<String> details = List.of();
        if (e instanceof BadRequestException b) {
            b.errors().forEach(f -> errors.merge(f.field(), f.reason(), (a, c) -> a + "; " + c));
            details = b.errors().stream().map(f -> f.field() + ": " + f.reason()).toList();
        }
        flash.addFlashAttribute("formDetails", details);
        flash.addFlashAttribute("failedForm", form);
        flash.addFlashAttribute("formError", e.getMessage());
        flash.addFlashAttribute("errors", errors);
        Map<String, String> kept = new LinkedHashMap<>(typed);
        kept.remove("_csrf");
        flash.addFlashAttribute("typed", kept);
        // details (each host's reason) and a vanished object (whose form is gone from the page) also go to the page's alert
        if (e instanceof ConflictException c && !c.details().isEmpty() || e instanceof NotFoundException) {
            flash.addFlashAttribute("alert", Alert.refused(e));
        }
        return true;
    }

    /** Runs a form's work; its sentence becomes a success alert, a refusal goes back to the form; then back to {@code target}. */
    static RedirectView outcome(String target, String form, Map<String, String> fields, RedirectAttributes flash, Supplier<String> work) {
        try {
            flash.addFlashAttribute("alert", Alert.success(work.get()));
        } catch (RuntimeException e) {
            if (!refused(e, form, fields, flash)) {
                throw e;
            }
        }
        return VmsController.seeOther(target);
    }

    /** The parse errors of a form, thrown as the 400 the service would have answered. */
    static void check(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new BadRequestException("the form has fields that are not valid", errors);
        }
    }
}
