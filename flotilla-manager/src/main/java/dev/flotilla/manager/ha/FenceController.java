package dev.flotilla.manager.ha;

import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/hosts/{id}/fence} with {@code {"action": "status|on|off|restart|manual"}}. */
@RestController
class FenceController {

    record FenceRequest(String action) {
    }

    /** What the fence did; {@code ok=false} with the BMC's or the proxy's words when it could not. */
    record FenceResponse(UUID hostId, String action, boolean ok, String powerStatus, String message, String proxy, String hostStatus) {
    }

    private final FenceService service;

    FenceController(FenceService service) {
        this.service = service;
    }

    @PostMapping("/api/v1/hosts/{id}/fence")
    FenceResponse fence(@PathVariable UUID id, @RequestBody FenceRequest request) {
        return service.fence(id, request == null ? null : request.action());
    }
}
