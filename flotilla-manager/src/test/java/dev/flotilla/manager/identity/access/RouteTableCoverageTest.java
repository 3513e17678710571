package dev.flotilla.manager.identity.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.ApiClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The permission matrix, generated from the manager's own routes: every route has a line in the
 * {@link RouteTable}, and every REST endpoint, called by users holding each of a set of roles on
 * System, answers 403 naming the action group exactly when the role lacks it.
 */
@ManagerTest
class RouteTableCoverageTest {

    static final List<Role> MATRIX_ROLES = List.of(PredefinedRoles.SUPER_USER, PredefinedRoles.READ_ONLY_ADMIN,
            PredefinedRoles.USER_ROLE, PredefinedRoles.HOST_ADMIN, PredefinedRoles.STORAGE_ADMIN, PredefinedRoles.VM_CREATOR);

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PasswordEncoder encoder;
    @LocalServerPort
    int port;

    record Endpoint(String method, String pattern) {
        String samplePath() {
            return pattern.replaceAll("\\{[^}]*}", UUID.nameUUIDFromBytes(pattern.getBytes()).toString()).replace("/**", "/x");
        }
    }

    List<Endpoint> endpoints() {
        Set<Endpoint> all = new java.util.LinkedHashSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<String> methods = new TreeSet<>();
            info.getMethodsCondition().getMethods().stream().map(RequestMethod::name).forEach(methods::add);
            if (methods.isEmpty()) {
                methods.addAll(List.of("GET", "POST"));
            }
            for (String pattern : info.getPatternValues()) {
                methods.forEach(m -> all.add(new Endpoint(m, pattern)));
            }
        }
        return new ArrayList<>(all);
    }

    @Test
    void everyRouteHasARule() {
        List<String> missing = endpoints().stream()
                .filter(e -> RouteTable.match(e.method(), e.samplePath()).isEmpty())
                .map(e -> "rule(\"%s\", \"%s\", <ActionGroup>, <Target: system() | vm(\"id\") | host(\"id\") | ...>),"
                        .formatted(e.method(), e.pattern()))
                .toList();
        assertThat(missing)
                .withFailMessage(() -> "Routes without a permission rule. Add one line per route to RULES in "
                        + "flotilla-manager/src/main/java/dev/flotilla/manager/identity/access/RouteTable.java:\n  "
                        + String.join("\n  ", missing))
                .isEmpty();
        assertThat(endpoints()).hasSizeGreaterThan(80);
    }

    @Test
    void everyApiEndpointRefusesExactlyTheRolesThatLackItsActionGroup() {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Role role : MATRIX_ROLES) {
            ApiClient client = userWithRoleOnSystem(role);
            for (Endpoint e : endpoints()) {
                if (!e.pattern().startsWith("/api/v1/")) {
                    continue;
                }
                RouteTable.Match match = RouteTable.match(e.method(), e.samplePath()).orElseThrow();
                if (match.rule().target().scope() == Target.Scope.PUBLIC) {
                    continue;
                }
                ActionGroup needed = match.group();
                boolean expectAllowed = needed == ActionGroup.VIEW || role.actionGroups().contains(needed);
                ApiClient.Response r = call(client, e);
                checked++;
                boolean refused = r.status() == 403;
                if (refused == expectAllowed || (refused && !needed.label().equals(r.text("actionGroup")))) {
                    wrong.add("%s %s as %s: expected %s, got %d %s".formatted(e.method(), e.pattern(), role.name(),
                            expectAllowed ? "allowed" : "403 naming " + needed.label(), r.status(), r.body()));
                }
            }
        }
        assertThat(wrong).withFailMessage(() -> String.join("\n", wrong)).isEmpty();
        assertThat(checked).isGreaterThan(MATRIX_ROLES.size() * 50);
    }

    private static ApiClient.Response call(ApiClient client, Endpoint e) {
        String path = e.samplePath().substring("/api/v1".length());
        return switch (e.method()) {
            case "GET" -> client.get(path);
            case "POST" -> client.post(path, "{}");
            case "PATCH" -> client.patch(path, "{}");
            case "PUT" -> client.put(path, "{}");
            case "DELETE" -> client.delete(path);
            default -> throw new IllegalStateException("no call for " + e.method());
        };
    }

    ApiClient userWithRoleOnSystem(Role role) {
        String name = "matrix-" + role.name().toLowerCase() + "@internal";
        UUID id = jdbc.sql("""
                insert into app_user(id, username, password_hash) values (:id, :u, :h)
                on conflict (username) do update set password_hash = :h returning id""")
                .param("id", UUID.randomUUID()).param("u", name).param("h", encoder.encode("matrix-pass"))
                .query(UUID.class).single();
        jdbc.sql("""
                insert into permission(id, principal_type, principal_id, role_id, object_type, object_id)
                values (:id, 'user', :p, :r, 'system', null) on conflict do nothing""")
                .param("id", UUID.randomUUID()).param("p", id).param("r", role.id()).update();
        return new ApiClient(port, name, "matrix-pass");
    }
}
