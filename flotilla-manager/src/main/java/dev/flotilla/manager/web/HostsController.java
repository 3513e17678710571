package dev.flotilla.manager.web;

import dev.flotilla.manager.agentlink.EnrollmentTokens;
import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.host.HostService;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.view.RedirectView;

/** The host list, its row actions, and the enrollment token an admin hands to a new host's agent. */
@Controller
@RequestMapping("/hosts")
class HostsController {

    private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

    /** The agent's fat jar as the agent module builds it (shade classifier "all"). */
    private static final String AGENT_JAR = "flotilla-agent-0.1.0-SNAPSHOT-all.jar";

    private final HostService hosts;
    private final EnrollmentTokens tokens;
    private final EventLog events;
    private final Clock clock;
    private final int agentPort;

    HostsController(HostService hosts, EnrollmentTokens tokens, EventLog events, Clock clock,
                    @Value("${flotilla.agentlink.port:${FLOTILLA_AGENT_PORT:9443}}") int agentPort) {
        this.hosts = hosts;
        this.tokens = tokens;
        this.events = events;
        this.clock = clock;
        this.agentPort = agentPort;
    }

    /** A fresh token and the command line that uses it. */
    record Enrollment(String token, String expiresAt, String command) {
    }

    @GetMapping
    String page(Model model) {
        model.addAttribute("hosts", rows());
        return "hosts";
    }

    @GetMapping("/table")
    String table(Model model) {
        model.addAttribute("hosts", rows());
        return "hosts :: table";
    }

    @PostMapping("/enrollment-token")
    String enrollmentToken(@RequestParam(required = false) String hostName, HttpServletRequest request, Model model) {
        EnrollmentTokens.Issued issued = tokens.issue(TOKEN_LIFETIME, EventLog.currentUser());
        events.info(ObjectRef.system(), "An enrollment token valid until %s was issued".formatted(issued.expiresAt()));
        String name = hostName == null || hostName.isBlank() ? "HOST_NAME" : hostName.trim();
        // Port 0 means "any free port" (tests); the chosen one is only in the manager's log.
        String port = agentPort == 0 ? "AGENT_LINK_PORT" : String.valueOf(agentPort);
        String command = "java -jar %s --name %s --manager %s:%s --token %s".formatted(AGENT_JAR, name,
                request.getServerName(), port, issued.token());
        model.addAttribute("enrollment", new Enrollment(issued.token(), Format.time(issued.expiresAt()), command));
        return "hosts :: token";
    }

    @PostMapping("/{id}/{action}")
    RedirectView act(@PathVariable UUID id, @PathVariable String action, RedirectAttributes flash) {
        try {
            String done = switch (action) {
                case "approve" -> "Host %s was approved".formatted(hosts.approve(id).name());
                case "maintenance" -> {
                    var h = hosts.maintenance(id);
                    yield "PreparingForMaintenance".equals(h.status())
                            ? "Host %s is preparing for maintenance: its VMs migrate away".formatted(h.name())
                            : "Host %s is in maintenance".formatted(h.name());
                }
                case "activate" -> "Host %s was activated".formatted(hosts.activate(id).name());
                case "delete" -> {
                    hosts.delete(id);
                    yield "Host deleted";
                }
                default -> throw BadRequestException.field("action", "is not a host action");
            };
            flash.addFlashAttribute("alert", Alert.success(done));
        } catch (RuntimeException e) {
            if (!Alert.isRefusal(e)) {
                throw e;
            }
            flash.addFlashAttribute("alert", Alert.refused(e));
        }
        return VmsController.seeOther("/hosts");
    }

    private List<HostRow> rows() {
        Instant now = clock.instant();
        return hosts.all().stream().map(h -> HostRow.of(h, now)).toList();
    }
}
