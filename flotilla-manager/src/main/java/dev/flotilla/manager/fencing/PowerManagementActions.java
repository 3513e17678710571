package dev.flotilla.manager.fencing;

import dev.flotilla.manager.action.Action;
import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.FieldError;
import dev.flotilla.manager.api.NotFoundException;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostRepository;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** Setting and removing a host's power management; every field is checked before anything is stored. */
@Component
class PowerManagementActions {

    record SetInput(UUID hostId, PowerManagementInput in) {
    }

    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.:\\-\\[\\]]{1,255}");
    private static final Pattern CIPHER = Pattern.compile("|[0-9]|1[0-7]");
    private static final Pattern OPTION = Pattern.compile("[a-z][a-z0-9_-]*=[^\\s]*");
    private static final Set<String> SCOPES = Set.of("cluster", "dc");

    final Save save;
    final Remove remove;

    PowerManagementActions(HostRepository hosts, PowerManagementRepository repo, SecretBox secrets) {
        this.save = new Save(hosts, repo, secrets);
        this.remove = new Remove(hosts, repo);
    }

    record Save(HostRepository hosts, PowerManagementRepository repo, SecretBox secrets) implements Action<SetInput, PowerManagement> {
        public ObjectRef target(SetInput s) {
            Host h = hosts.get(s.hostId());
            return ObjectRef.host(h.id(), h.name());
        }

        public PowerManagement execute(SetInput s) {
            hosts.get(s.hostId());
            PowerManagementInput in = s.in();
            PowerManagement old = repo.find(s.hostId()).orElse(null);
            List<FieldError> errors = new ArrayList<>();
            String type = in.agentType() == null || in.agentType().isBlank() ? "ipmilan" : in.agentType();
            if (!type.equals("ipmilan")) {
                errors.add(new FieldError("agentType", "must be ipmilan"));
            }
            if (in.address() == null || !ADDRESS.matcher(in.address()).matches()) {
                errors.add(new FieldError("address", "must be the BMC's host name or IP address"));
            }
            int port = in.port() == null ? 623 : in.port();
            if (port < 1 || port > 65535) {
                errors.add(new FieldError("port", "must be between 1 and 65535"));
            }
            if (in.username() == null || in.username().isBlank() || in.username().length() > 255) {
                errors.add(new FieldError("username", "must not be blank"));
            }
            boolean newPassword = in.password() != null && !in.password().isEmpty();
            if (!newPassword && (old == null || old.passwordSealed().isEmpty())) {
                errors.add(new FieldError("password", "must not be blank"));
            }
            String cipher = in.cipher() == null ? "3" : in.cipher().trim();
            if (!CIPHER.matcher(cipher).matches()) {
                errors.add(new FieldError("cipher", "must be an IPMI cipher suite number from 0 to 17, or empty"));
            }
            String options = in.options() == null ? "" : in.options().trim();
            for (String o : options.isEmpty() ? new String[0] : options.split("\\s+")) {
                if (!OPTION.matcher(o).matches()) {
                    errors.add(new FieldError("options", "'%s' is not a key=value option of fence_ipmilan".formatted(o)));
                }
            }
            List<String> prefs = in.proxyPreference() == null || in.proxyPreference().isEmpty()
                    ? List.of("cluster", "dc") : List.copyOf(new LinkedHashSet<>(in.proxyPreference()));
            if (!SCOPES.containsAll(prefs)) {
                errors.add(new FieldError("proxyPreference", "each entry must be cluster or dc"));
            }
            if (!errors.isEmpty()) {
                throw BadRequestException.of(errors);
            }
            PowerManagement pm = new PowerManagement(s.hostId(), type, in.address(), port, in.username().trim(),
                    newPassword ? secrets.seal(in.password()) : old.passwordSealed(), in.lanplus() == null || in.lanplus(),
                    cipher, options, prefs, in.policyControl() != null ? in.policyControl() : old == null || old.policyControl());
            repo.save(pm);
            return pm;
        }

        public Audit audit(SetInput s, PowerManagement pm) {
            Host h = hosts.get(s.hostId());
            return new Audit(ObjectRef.host(h.id(), h.name()), "Power management of host %s set: %s at %s:%d as %s"
                    .formatted(h.name(), pm.agentType(), pm.address(), pm.port(), pm.username()));
        }
    }

    record Remove(HostRepository hosts, PowerManagementRepository repo) implements Action<UUID, Host> {
        public ObjectRef target(UUID id) {
            Host h = hosts.get(id);
            return ObjectRef.host(h.id(), h.name());
        }

        public Host execute(UUID id) {
            Host h = hosts.get(id);
            if (!repo.delete(id)) {
                throw new NotFoundException("power management of host", id);
            }
            return h;
        }

        public Audit audit(UUID id, Host h) {
            return new Audit(ObjectRef.host(h.id(), h.name()), "Power management of host %s removed".formatted(h.name()));
        }
    }
}
