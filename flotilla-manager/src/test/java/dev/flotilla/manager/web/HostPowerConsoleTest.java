package dev.flotilla.manager.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostFacts;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.host.HostStatus;
import dev.flotilla.manager.datacenter.ClusterRepository;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The host's power-management page: the form saves (never showing the password again), refusals read as alerts, the fence buttons answer. */
@ManagerTest
class HostPowerConsoleTest {

    @LocalServerPort
    int port;
    @Autowired
    HostRepository hosts;
    @Autowired
    ClusterRepository clusters;
    @Autowired
    dev.flotilla.manager.vm.VmService vms;
    @Autowired
    dev.flotilla.manager.fencing.PowerManagementService power;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;
    private final ConsoleTest console = new ConsoleTest();
    private UUID hostId;

    @BeforeEach
    void signIn() throws Exception {
        console.port = port;
        console.newBrowser();
        console.login();
        hostId = UUID.randomUUID();
        hosts.insert(new Host(hostId, clusters.findByName("Default").orElseThrow().id(), "pm-console-" + Long.toHexString(System.nanoTime()),
                HostStatus.Maintenance, "", HostFacts.UNKNOWN, null, 0, java.time.Instant.now()));
    }

    @Test
    void theFormSavesTheBmcAndNeverShowsThePasswordAgain() throws Exception {
        String page = console.get("/hosts/" + hostId + "/power").body();
        assertThat(page).contains("id=\"host-power-form\"", "data-action=\"manual\"", "data-action=\"test\"");
        assertThat(console.get("/hosts/" + hostId).body()).contains("id=\"host-power-link\"");

        var saved = console.post("/hosts/" + hostId + "/power", Map.of("_csrf", ConsoleTest.csrf(page), "address", "10.214.0.1",
                "port", "6231", "username", "admin", "password", "console-s3cret", "cipher", "3", "lanplus", "true", "options", "",
                "proxyPreference", "cluster,dc"));

        assertThat(saved.body()).contains("Power management saved", "value=\"10.214.0.1\"", "leave empty to keep it")
                .doesNotContain("console-s3cret");
    }

    @Test
    void badInputAndImpossibleFencesAreAlertsNotErrors() throws Exception {
        String page = console.get("/hosts/" + hostId + "/power").body();

        var bad = console.post("/hosts/" + hostId + "/power", Map.of("_csrf", ConsoleTest.csrf(page), "address", "bad address!",
                "port", "623", "username", "", "password", "x"));
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(bad.body()).contains("address:", "username:");

        var manual = console.post("/hosts/" + hostId + "/power/fence", Map.of("_csrf", ConsoleTest.csrf(page), "action", "manual"));
        assertThat(manual.statusCode()).isEqualTo(200);
        assertThat(manual.body()).contains("NonResponsive");
    }

    @Test
    void aVmsHighAvailabilityAndPriorityAreSetFromItsPage() throws Exception {
        var vm = vms.create(new dev.flotilla.manager.vm.VmInput("ha-console-" + Long.toHexString(System.nanoTime()), null, 1, 128L, false,
                "", null, null));
        assertThat(console.get("/vms/" + vm.id()).body()).contains("id=\"vm-ha-link\"");
        String page = console.get("/vms/" + vm.id() + "/ha").body();
        assertThat(page).contains("id=\"vm-ha-form\"");

        var saved = console.post("/vms/" + vm.id() + "/ha", Map.of("_csrf", ConsoleTest.csrf(page), "highlyAvailable", "true", "priority", "100"));
        var bad = console.post("/vms/" + vm.id() + "/ha", Map.of("_csrf", ConsoleTest.csrf(page), "priority", "500"));

        assertThat(saved.body()).contains("High availability saved", "value=\"100\"");
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(bad.body()).contains("priority");
        assertThat(vms.get(vm.id()).highlyAvailable()).isTrue();
    }

    @Test
    void policyControlIsUntickedFromTheFormAndPowerSavingShowsOnTheHostAndClusterPages() throws Exception {
        String page = console.get("/hosts/" + hostId + "/power").body();
        assertThat(page).contains("id=\"pm-policy-control\"", "id=\"host-power-saving\"", "never tested");

        var saved = console.post("/hosts/" + hostId + "/power", Map.of("_csrf", ConsoleTest.csrf(page), "address", "10.214.0.1",
                "port", "6231", "username", "admin", "password", "pw", "cipher", "3", "lanplus", "true", "policyControlShown", "true"));

        assertThat(saved.body()).contains("Power management saved");
        assertThat(power.get(hostId).policyControl()).isFalse();
        assertThat(saved.body()).contains("off in cluster Default");
        UUID cluster = clusters.findByName("Default").orElseThrow().id();
        assertThat(console.get("/clusters/" + cluster).body()).contains("id=\"power-saving-table\"", "power-saving-" + hostId, "is Maintenance");
    }

    @Test
    void theHaRestartQueuePageShowsWhatWaitsAndWhyTheLastAttemptFailed() throws Exception {
        var vm = vms.create(new dev.flotilla.manager.vm.VmInput("ha-queue-" + Long.toHexString(System.nanoTime()), null, 1, 128L, true,
                "", null, null));
        jdbc.sql("""
                insert into ha_restart (vm_id, priority, attempt, due_at, reason, last_error)
                values (:vm, 50, 3, now() + interval '1 minute', 'its host failed', 'no host in cluster Default can run it')""")
                .param("vm", vm.id()).update();
        try {
            String page = console.get("/ha/restarts").body();

            assertThat(page).contains("id=\"ha-restart-" + vm.id() + "\"", vm.name(), "3 of 10", "its host failed",
                    "no host in cluster Default can run it", "id=\"nav-harestarts\"");
        } finally {
            jdbc.sql("delete from ha_restart where vm_id = :vm").param("vm", vm.id()).update();
        }
    }
}
