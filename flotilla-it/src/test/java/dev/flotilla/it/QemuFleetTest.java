package dev.flotilla.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.agent.testguest.TestGuest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A small real fleet: the manager jar with its embedded PostgreSQL, two agents on the qemu
 * driver (TCG), and a real Linux guest. The steps build on one another, in order, the way an
 * operator's day goes: hosts come up, a VM boots, the agent crashes, the manager restarts, the
 * guest is shut down. Everything is a separate process, found and stopped by pid.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QemuFleetTest {

    private static final Duration HOST_UP = Duration.ofMinutes(2);
    // TCG on a busy 2-core machine: the guest boots in ~10 s alone, far slower next to a build.
    private static final Duration GUEST_BOOT = Duration.ofMinutes(3);
    private static final String PASSWORD = "it-admin-password";

    private Path work;
    private Path logs;
    private TestGuest guest;
    private ManagerProcess manager;
    private Api api;
    private final Map<String, AgentProcess> agents = new LinkedHashMap<>();
    private String vmId;
    private String vmHost;
    private long qemuPid;

    @BeforeAll
    void startFleet() throws IOException {
        Machine.requireQemu();
        // counting seconds on its serial console: a migrated guest goes on counting on its new host
        guest = TestGuest.build().ticking();
        // /tmp, not target/: QMP sockets live under the state dirs and unix socket paths must stay short.
        work = Files.createTempDirectory("flotilla-it");
        logs = Path.of("target", "it-logs").toAbsolutePath();
        int[] ports = Machine.freePorts(2);
        manager = ManagerProcess.start(work.resolve("manager"), ports[0], ports[1], PASSWORD, logs.resolve("manager.log"));
        manager.awaitHealthy();
        api = manager.api();
        int vnc = 15900;
        for (String name : List.of("it-host-a", "it-host-b")) {
            String token = api.post("api/v1/hosts/enrollment-tokens", Map.of("ttlMinutes", 60), 201).path("token").asText();
            String range = vnc + "-" + (vnc + 49);
            agents.put(name, AgentProcess.enroll(name, work.resolve(name), manager.agentPort(), range,
                    logs.resolve(name + ".log"), token));
            vnc += 50;
        }
    }

    @AfterAll
    void stopFleet() {
        Machine.stopFleet(agents.values(), manager, work);
    }

    @Test
    @Order(1)
    void bothHostsEnrollAndComeUpOnTheQemuDriver() {
        for (String name : agents.keySet()) {
            JsonNode host = awaitHostStatus(name, "Up");
            assertThat(host.path("facts").path("driver").asText()).as("driver of %s", name).isEqualTo("qemu");
            assertThat(host.path("facts").path("accel").asText()).as("accel of %s", name).isEqualTo("tcg");
        }
    }

    @Test
    @Order(2)
    void startingAVmWhoseKernelIsMissingIsRefusedWithThePath() {
        String kernel = work.resolve("no-such-dir/vmlinuz").toString();
        String id = createVm("it-missing-kernel", kernel);

        Api.Response start = api.send("POST", "api/v1/vms/" + id + "/start", null);

        assertThat(start.status()).as("start answer %s", start).isEqualTo(409);
        assertThat(start.body().toString()).contains(kernel);
        assertThat(api.get("api/v1/vms/" + id).path("status").asText()).isEqualTo("Down");
        assertThat(events(id)).as("events of the VM")
                .anySatisfy(e -> {
                    assertThat(e.path("severity").asText()).isEqualToIgnoringCase("error");
                    assertThat(e.path("message").asText()).contains(kernel);
                });
    }

    @Test
    @Order(3)
    void aRealGuestBootsAndItsVmReachesUp() {
        vmId = createVm("it-guest", guest.kernel().toString());

        JsonNode started = api.post("api/v1/vms/" + vmId + "/start", null, 200);

        vmHost = hostName(started.path("hostId").asText());
        JsonNode vm = awaitVmStatus("Up", GUEST_BOOT);
        assertThat(vm.path("hostId").asText()).isEqualTo(started.path("hostId").asText());
        awaitSerial(TestGuest.READY_MARKER);
        qemuPid = agents.get(vmHost).qemuPid(vmId).orElseThrow(() -> new AssertionError("no qemu.pid for the VM"));
    }

    @Test
    @Order(4)
    void theRunningGuestsScreenIsAPngThroughTheApi() throws IOException {
        byte[] png = api.bytes("api/v1/vms/" + vmId + "/screenshot");

        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertThat(image).as("the screenshot decodes as an image").isNotNull();
        assertThat(image.getWidth()).isPositive();
        assertThat(image.getHeight()).isPositive();
    }

    @Test
    @Order(5)
    void theVmOutlivesAKilledAgentWhichReattachesToItsQemu() {
        AgentProcess agent = agents.get(vmHost);

        agent.kill();
        assertThat(ProcessHandle.of(qemuPid)).as("QEMU %d after kill -9 of its agent", qemuPid)
                .hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
        agents.put(vmHost, agent.startAgain());

        awaitHostStatus(vmHost, "Up");
        // Re-attached: the manager still sees it Up, on its host, run by the very same QEMU.
        JsonNode vm = awaitVmStatus("Up", HOST_UP);
        assertThat(hostName(vm.path("hostId").asText())).isEqualTo(vmHost);
        assertThat(agents.get(vmHost).qemuPid(vmId)).contains(qemuPid);
        assertThat(ProcessHandle.of(qemuPid).map(ProcessHandle::isAlive)).contains(true);
    }

    @Test
    @Order(6)
    void hostsVmAndEventsSurviveAManagerRestart() {
        List<Long> eventsBefore = eventIds(vmId);
        assertThat(eventsBefore).as("events of the VM before the restart").isNotEmpty();

        manager.stop();
        manager = manager.startAgain();
        manager.awaitHealthy();
        api = manager.api();

        agents.keySet().forEach(name -> awaitHostStatus(name, "Up"));
        awaitVmStatus("Up", HOST_UP);
        assertThat(ProcessHandle.of(qemuPid).map(ProcessHandle::isAlive)).contains(true);
        assertThat(eventIds(vmId)).containsAll(eventsBefore);
    }

    @Test
    @Order(7)
    void aLiveMigrationMovesTheRunningGuestToTheOtherHost() {
        String from = vmHost;
        String to = agents.keySet().stream().filter(n -> !n.equals(from)).findFirst().orElseThrow();
        long oldQemu = qemuPid;
        int before = awaitTick(2);

        JsonNode started = api.post("api/v1/vms/" + vmId + "/migrate", Map.of(), 202);

        assertThat(started.path("state").asText()).isEqualTo("Running");
        assertThat(started.path("targetHost").asText()).isEqualTo(to);
        assertThat(started.path("parameters").path("maxDowntimeMs").asInt()).isEqualTo(20);
        JsonNode done = awaitMigrationEnd();
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("Completed");
        assertThat(done.path("downtimeMs").asLong()).isPositive();
        assertThat(done.path("totalTimeMs").asLong()).isPositive();
        JsonNode vm = awaitVmStatus("Up", Duration.ofSeconds(30));
        assertThat(hostName(vm.path("hostId").asText())).isEqualTo(to);
        vmHost = to;
        // the guest did not reboot: it goes on counting on the new host's serial console
        assertThat(awaitTick(before + 1)).isGreaterThan(before);
        assertThat(serialLog()).doesNotContain(TestGuest.READY_MARKER);
        qemuPid = agents.get(to).qemuPid(vmId).orElseThrow(() -> new AssertionError("no qemu.pid on " + to));
        Await.until("the source's QEMU to end", Duration.ofSeconds(30),
                () -> ProcessHandle.of(oldQemu).map(ProcessHandle::isAlive).orElse(false), alive -> !alive, this::logTails);
        assertThat(api.get("api/v1/events?objectId=" + vmId).path("items").toString())
                .contains("migrated from host " + from + " to host " + to);
    }

    @Test
    @Order(8)
    void aCancelledMigrationLeavesTheGuestRunningOnItsHost() {
        String host = vmHost;
        // 1 MiB/s: far too slow to finish before the cancel
        api.post("api/v1/vms/" + vmId + "/migrate", Map.of("bandwidthMiBps", 1), 202);
        Await.until("the migration to make progress", Duration.ofSeconds(60), () -> api.get("api/v1/vms/" + vmId + "/migration"),
                m -> m.path("progress").path("transferredBytes").asLong() > 0, this::logTails);
        assertThat(api.get("api/v1/vms/" + vmId).path("status").asText()).isEqualTo("MigratingFrom");

        api.post("api/v1/vms/" + vmId + "/cancelmigration", null, 202);

        assertThat(awaitMigrationEnd().path("state").asText()).isEqualTo("Cancelled");
        JsonNode vm = awaitVmStatus("Up", Duration.ofSeconds(30));
        assertThat(hostName(vm.path("hostId").asText())).isEqualTo(host);
        int now = TestGuest.lastTick(serialLog());
        assertThat(awaitTick(now + 1)).isGreaterThan(now);
        assertThat(api.send("POST", "api/v1/vms/" + vmId + "/cancelmigration", null).status()).isEqualTo(409);
    }

    @Test
    @Order(9)
    void maintenanceMigratesTheHostsVmAwayThenActivateBringsTheHostBack() {
        String host = vmHost;
        String hostId = hosts().get(host).path("id").asText();

        JsonNode preparing = api.post("api/v1/hosts/" + hostId + "/maintenance", null, 200);

        assertThat(preparing.path("status").asText()).isEqualTo("PreparingForMaintenance");
        awaitHostStatus(host, "Maintenance");
        JsonNode vm = awaitVmStatus("Up", Duration.ofSeconds(30));
        String to = hostName(vm.path("hostId").asText());
        assertThat(to).isNotEqualTo(host);
        vmHost = to;
        qemuPid = agents.get(to).qemuPid(vmId).orElseThrow(() -> new AssertionError("no qemu.pid on " + to));
        int now = TestGuest.lastTick(serialLog());
        assertThat(awaitTick(now + 1)).isGreaterThan(now);
        assertThat(api.get("api/v1/events?objectId=" + hostId).path("items").toString()).contains("its VMs migrated away");

        api.post("api/v1/hosts/" + hostId + "/activate", null, 200);
        awaitHostStatus(host, "Up");
    }

    @Test
    @Order(10)
    void anAcpiShutdownPowersTheGuestOff() {
        api.post("api/v1/vms/" + vmId + "/shutdown", Map.of("timeoutSeconds", 120), 200);

        JsonNode vm = awaitVmStatus("Down", GUEST_BOOT);
        assertThat(vm.path("statusReason").asText()).as("reason the VM is Down").matches("(?is).*guest.*power.*");
        assertThat(serialLog()).contains(TestGuest.POWEROFF_MARKER);
        Await.until("QEMU " + qemuPid + " to exit", Duration.ofSeconds(30),
                () -> ProcessHandle.of(qemuPid).map(ProcessHandle::isAlive).orElse(false), alive -> !alive, this::logTails);
    }

    // ---- steps shared by the tests ----------------------------------------------------------

    private String createVm(String name, String kernel) {
        Map<String, Object> boot = Map.of("kernel", kernel, "initrd", guest.initrd().toString(), "cmdline", guest.cmdline());
        JsonNode vm = api.post("api/v1/vms", Map.of("name", name, "cpus", 1, "memoryMiB", 256, "boot", boot), 201);
        return vm.path("id").asText();
    }

    private JsonNode awaitHostStatus(String name, String status) {
        return Await.until("host " + name + " to be " + status, HOST_UP,
                () -> hosts().get(name), h -> h != null && status.equals(h.path("status").asText()),
                this::logTails);
    }

    private JsonNode awaitVmStatus(String status, Duration timeout) {
        return Await.until("VM " + vmId + " to be " + status, timeout, () -> api.get("api/v1/vms/" + vmId),
                vm -> status.equals(vm.path("status").asText()), this::logTails);
    }

    private JsonNode awaitMigrationEnd() {
        return Await.until("the migration of VM " + vmId + " to end", GUEST_BOOT, () -> api.get("api/v1/vms/" + vmId + "/migration"),
                m -> !"Running".equals(m.path("state").asText()), this::logTails);
    }

    /** Waits until the ticking guest has counted to {@code atLeast} on its current host's serial console. */
    private int awaitTick(int atLeast) {
        return TestGuest.lastTick(Await.until("the guest to count to " + atLeast, GUEST_BOOT, this::serialLog,
                text -> TestGuest.lastTick(text) >= atLeast, () -> "serial.log:\n" + serialLog() + "\n" + logTails()));
    }

    private void awaitSerial(String marker) {
        Await.until(marker + " on the serial console of VM " + vmId, GUEST_BOOT, this::serialLog,
                text -> text.contains(marker), () -> "serial.log:\n" + serialLog() + "\n" + logTails());
    }

    private String serialLog() {
        Path file = agents.get(vmHost).serialLog(vmId);
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, JsonNode> hosts() {
        return stream(api.get("api/v1/hosts").path("items"))
                .collect(Collectors.toMap(h -> h.path("name").asText(), h -> h, (a, b) -> a));
    }

    private String hostName(String hostId) {
        return stream(api.get("api/v1/hosts").path("items")).filter(h -> h.path("id").asText().equals(hostId))
                .map(h -> h.path("name").asText()).findFirst()
                .orElseThrow(() -> new AssertionError("no host with id " + hostId));
    }

    private List<JsonNode> events(String objectId) {
        return stream(api.get("api/v1/events?objectId=" + objectId + "&size=200").path("items")).toList();
    }

    private List<Long> eventIds(String objectId) {
        return events(objectId).stream().map(e -> e.path("id").asLong()).toList();
    }

    private String logTails() {
        List<String> tails = new ArrayList<>();
        tails.add(manager.logTail(30));
        agents.values().forEach(a -> tails.add(a.logTail(30)));
        return String.join("\n", tails);
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }



}
