package dev.flotilla.manager.migration;

import java.time.Duration;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/vms/{id}/migrate}, {@code /cancelmigration} and {@code /migration} (progress and outcome). */
@RestController
@RequestMapping("/api/v1/vms/{id}")
class MigrationController {

    private final MigrationService migrations;

    MigrationController(MigrationService migrations) {
        this.migrations = migrations;
    }

    /**
     * 202: the migration runs on; follow it at {@code /migration}. The body is optional. With
     * {@code wait} (seconds, up to 60) the answer comes when the migration has ended (200, with its
     * outcome) or when the wait is over (202, still running): one call where a client would
     * otherwise post and then long-poll, as oVirt's synchronous actions do.
     */
    @PostMapping("/migrate")
    ResponseEntity<MigrationView> migrate(@PathVariable UUID id, @RequestBody(required = false) MigrationInput in,
                                          @RequestParam(name = "wait", defaultValue = "0") long waitSeconds) {
        Duration wait = MigrationService.waitOf(waitSeconds);   // a bad wait is refused before anything starts
        MigrationView started = migrations.migrate(id, in);
        MigrationView now = wait.isZero() ? started : migrations.get(id, wait);
        return ResponseEntity.status(now.running() ? HttpStatus.ACCEPTED : HttpStatus.OK).body(now);
    }

    @PostMapping("/cancelmigration")
    @ResponseStatus(HttpStatus.ACCEPTED)
    MigrationView cancel(@PathVariable UUID id) {
        return migrations.cancel(id);
    }

    /** With {@code wait} (seconds, up to 60) it answers when a running migration ends, or when the wait is over. */
    @GetMapping("/migration")
    MigrationView get(@PathVariable UUID id, @RequestParam(name = "wait", defaultValue = "0") long waitSeconds) {
        return migrations.get(id, Duration.ofSeconds(waitSeconds));
    }
}
