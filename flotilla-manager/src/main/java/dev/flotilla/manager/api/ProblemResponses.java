package dev.flotilla.manager.api;

import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure of a REST call into problem+json: 400 with {@code errors: [{field, reason}]},
 * 404, 409 with {@code details}. A stack trace never reaches the caller; an unexpected error is
 * logged here and answered with a 500 that says only that.
 */
@RestControllerAdvice(basePackages = "dev.flotilla.manager")
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    @ExceptionHandler(BadRequestException.class)
    ProblemDetail badRequest(BadRequestException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid input", e.getMessage(), e.errors());
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage(), List.of());
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        ProblemDetail p = problem(HttpStatus.CONFLICT, "Conflict", e.getMessage(), List.of());
        if (!e.details().isEmpty()) {
            p.setProperty("details", e.details());
        }
        return p;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        String reason = "'%s' is not a valid %s".formatted(e.getValue(),
                e.getRequiredType() == null ? "value" : e.getRequiredType().getSimpleName());
        return problem(HttpStatus.BAD_REQUEST, "Invalid input", e.getName() + ": " + reason,
                List.of(new FieldError(e.getName(), reason)));
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("unexpected error answering a request", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "The manager failed to handle this request; the manager log has the details.", List.of());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = Stream.concat(
                e.getBindingResult().getFieldErrors().stream()
                        .map(f -> new FieldError(f.getField(), f.getDefaultMessage())),
                e.getBindingResult().getGlobalErrors().stream()
                        .map(g -> new FieldError(g.getObjectName(), g.getDefaultMessage())))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.reason()).reduce((a, b) -> a + "; " + b).orElse("invalid input");
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Invalid input", detail, errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        String detail = JsonErrors.describe(e);
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Invalid input", detail,
                List.of(new FieldError(JsonErrors.field(e), detail))));
    }

    static ProblemDetail problem(HttpStatus status, String title, String detail, List<FieldError> errors) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(title);
        if (!errors.isEmpty()) {
            p.setProperty("errors", errors);
        }
        return p;
    }
}
