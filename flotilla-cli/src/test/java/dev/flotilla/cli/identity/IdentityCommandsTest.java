package dev.flotilla.cli.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.cli.FakeManager;
import dev.flotilla.cli.FakeManager.CliResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdentityCommandsTest {

    static final String VM = "c0ffee00-1111-4222-8333-444455556666";
    FakeManager manager;

    @BeforeEach
    void start() throws Exception {
        manager = new FakeManager();
    }

    @AfterEach
    void stop() {
        manager.close();
    }

    @Test
    void grantResolvesTheVmByNameAndSendsUserRoleAndObject() {
        manager.on("GET /api/v1/vms?name=web1", 200, "{\"items\":[{\"id\":\"%s\",\"name\":\"web1\"}],\"total\":1}".formatted(VM))
                .on("POST /api/v1/permissions", 201, """
                        {"id":"p1","principalType":"user","principalName":"ann@internal","roleName":"UserRole","objectType":"vm","objectName":"web1"}""");

        CliResult result = manager.cli("permission", "grant", "--for-user", "ann", "--role", "UserRole", "--on", "vm", "--object", "web1");

        assertThat(result.exitCode()).isZero();
        assertThat(manager.requests().get(1).body()).contains("\"user\":\"ann\"", "\"role\":\"UserRole\"", "\"objectType\":\"vm\"",
                "\"objectId\":\"" + VM + "\"");
        assertThat(result.outLines()).anyMatch(l -> l.startsWith("ann@internal (user)") && l.contains("UserRole") && l.contains("vm web1"));
    }

    @Test
    void aTokenIsSentAsBearerInsteadOfThePassword() {
        manager.on("GET /api/v1/users", 200, "{\"items\":[{\"id\":\"u1\",\"username\":\"admin@internal\",\"groups\":[]}],\"total\":1}");

        CliResult result = manager.cli("--token", "flt_abc", "user", "list");

        assertThat(result.exitCode()).isZero();
        assertThat(manager.requests().get(0).authorization()).isEqualTo("Bearer flt_abc");
        assertThat(result.outLines()).anyMatch(l -> l.startsWith("admin@internal"));
    }

    @Test
    void authTokenPrintsOnlyTheToken() {
        manager.on("POST /api/v1/auth/token", 201, "{\"id\":\"t1\",\"token\":\"flt_xyz\",\"expiresAt\":\"2030-01-01T00:00:00Z\"}");

        CliResult result = manager.cli("auth", "token");

        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines()).containsExactly("flt_xyz");
    }

    @Test
    void unlockFindsTheUserByItsShortName() {
        manager.on("GET /api/v1/users", 200, "{\"items\":[{\"id\":\"u7\",\"username\":\"bob@internal\"}],\"total\":1}")
                .on("PATCH /api/v1/users/u7", 200, "{\"id\":\"u7\",\"username\":\"bob@internal\"}");

        CliResult result = manager.cli("user", "unlock", "bob");

        assertThat(result.exitCode()).isZero();
        assertThat(manager.requests().get(1).body()).contains("\"unlock\":true");
    }
}
