package dev.flotilla.manager.console;

import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/vms/{id}/console}: a ticket for the VM's console, and who has it open now. */
@RestController
@RequestMapping("/api/v1")
class ConsoleController {

    private final ConsoleService consoles;
    private final ConsoleSessions sessions;

    ConsoleController(ConsoleService consoles, ConsoleSessions sessions) {
        this.consoles = consoles;
        this.sessions = sessions;
    }

    /** A single-use ticket for {@code websocketPath}; 409 when the VM has no screen now. */
    @PostMapping("/vms/{id}/console")
    @ResponseStatus(HttpStatus.CREATED)
    ConsoleAccess ticket(@PathVariable UUID id) {
        return consoles.issue(id);
    }

    /** The open console sessions (at most one per VM). */
    @GetMapping("/consoles")
    List<ConsoleSessions.View> open() {
        return sessions.all();
    }
}
