package dev.flotilla.manager.domainmonitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.ApiClient;
import dev.flotilla.manager.storage.AnsweringHost;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A VM its host reports stalled on storage, in the real manager: the API shows {@code storageStall}
 * (the status stays Up: the guest's CPUs run), an error event names the reason; when the host no
 * longer reports it the flag clears with an event.
 */
@ManagerTest
class VmStorageStallApiTest {

    private static final String STALL = "disk d1 is on nfs 10.213.0.10:/export, which does not answer on this host "
            + "(no answer from nfs 10.213.0.10:/export for 12 s (timeout 10 s)); no disk I/O of the VM completed since";

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    @Test
    void aStalledVmIsShownNotRespondingOnStorageWithAnEventAndClearedWithAnother() throws Exception {
        ApiClient api = new ApiClient(port, "admin@internal", "test-pass");
        try (AnsweringHost host = new AnsweringHost(context, api, "stall")) {
            var created = api.post("/vms", "{\"name\": \"stall-%s\", \"cpus\": 1, \"memoryMiB\": 64}".formatted(Long.toHexString(System.nanoTime())));
            String vm = created.text("id");
            assertThat(api.put("/vms/" + vm + "/pinnedhosts", "{\"hostIds\": [\"%s\"]}".formatted(host.id)).status()).isEqualTo(200);
            assertThat(api.post("/vms/" + vm + "/start", null).status()).isLessThan(300);
            AnsweringHost.await("the VM Up", () -> api.get("/vms/" + vm).body(), v -> "Up".equals(v.path("status").asString()));
            assertThat(api.get("/vms/" + vm).body().path("storageStall").isNull()).isTrue();

            host.stalls.put(vm, STALL);

            JsonNode stalled = AnsweringHost.await("the VM stalled", () -> api.get("/vms/" + vm).body(),
                    v -> !v.path("storageStall").isNull() && !v.path("storageStall").isMissingNode());
            assertThat(stalled.path("status").asString()).isEqualTo("Up");
            assertThat(stalled.path("storageStall").path("reason").asString()).isEqualTo(STALL);
            assertThat(stalled.path("storageStall").path("hostId").asString()).isEqualTo(host.id);
            assertThat(stalled.path("storageStall").path("since").asString()).isNotEmpty();
            assertThat(events(api, vm)).anySatisfy(m -> assertThat(m).contains("is not responding on storage on host stall-", STALL));

            host.stalls.remove(vm);

            AnsweringHost.await("the stall cleared", () -> api.get("/vms/" + vm).body(), v -> v.path("storageStall").isNull());
            assertThat(events(api, vm)).anySatisfy(m -> assertThat(m).contains("responds on storage again on host stall-",
                    "its disk I/O completes again", "it had stalled since"));
            api.post("/vms/" + vm + "/stop", null);
        }
    }

    private static List<String> events(ApiClient api, String vm) {
        return api.get("/events?size=200&objectId=" + vm).body().path("items").findValuesAsString("message");
    }
}
