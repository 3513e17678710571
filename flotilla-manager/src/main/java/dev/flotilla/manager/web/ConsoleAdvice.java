package dev.flotilla.manager.web;

import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.NotFoundException;
import java.security.Principal;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every console page shares: the signed-in user for the masthead, and refusals rendered as
 * a page rather than the REST API's problem+json (this advice is ordered before the API's).
 */
@ControllerAdvice(basePackageClasses = ConsoleAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleAdvice {

    @ModelAttribute("user")
    String user(Principal principal) {
        return principal == null ? "" : principal.getName();
    }

    @ExceptionHandler(NotFoundException.class)
    ModelAndView notFound(NotFoundException e, Principal principal) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage(), principal);
    }

    @ExceptionHandler(ConflictException.class)
    ModelAndView conflict(ConflictException e, Principal principal) {
        return problem(HttpStatus.CONFLICT, "Refused", e.getMessage(), principal);
    }

    @ExceptionHandler(BadRequestException.class)
    ModelAndView badRequest(BadRequestException e, Principal principal) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage(), principal);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ModelAndView badPath(MethodArgumentTypeMismatchException e, Principal principal) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", "'%s' is not a valid %s".formatted(e.getValue(), e.getName()), principal);
    }

    private static ModelAndView problem(HttpStatus status, String title, String message, Principal principal) {
        ModelAndView mv = new ModelAndView("problem", status);
        mv.addObject("title", title);
        mv.addObject("message", message);
        mv.addObject("user", principal == null ? "" : principal.getName());
        return mv;
    }
}
