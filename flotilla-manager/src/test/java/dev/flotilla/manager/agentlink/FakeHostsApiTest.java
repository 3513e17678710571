package dev.flotilla.manager.agentlink;

import dev.flotilla.manager.api.ApiClient;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * An API test whose hosts are protocol-level fake agents: {@link AgentLinkTest}'s helpers wired to
 * this test's manager. Subclasses carry {@code @ManagerTest}.
 */
abstract class FakeHostsApiTest {

    @LocalServerPort
    int httpPort;
    @Autowired
    AgentLinkServer server;
    @Autowired
    CertificateAuthority ca;
    final AgentLinkTest link = new AgentLinkTest();

    @BeforeEach
    void wire() {
        link.httpPort = httpPort;
        link.server = server;
        link.ca = ca;
    }

    ApiClient api() {
        return link.api();
    }

    String hostId(FakeAgent a) {
        return api().get("/hosts?name=" + a.name).body().path("items").path(0).path("id").asString();
    }
}
