package dev.flotilla.manager.web;

import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.NotFoundException;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** JSON answers of the console's script endpoints: a refusal carries {@code detail}, as the REST API's problem+json does. */
final class ConsoleJson {

    private ConsoleJson() {
    }

    static ResponseEntity<?> answer(HttpStatus ok, Supplier<Object> body) {
        try {
            return ResponseEntity.status(ok).body(body.get());
        } catch (BadRequestException e) {
            String detail = e.errors().isEmpty() ? e.getMessage()
                    : String.join("; ", e.errors().stream().map(f -> f.field() + " " + f.reason()).toList());
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("detail", detail));
        } catch (NotFoundException e) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("detail", e.getMessage()));
        } catch (ConflictException e) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("detail", e.getMessage()));
        }
    }
}
