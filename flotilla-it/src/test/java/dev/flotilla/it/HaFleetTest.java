package dev.flotilla.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.agent.testguest.TestGuest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * High availability end to end: three hosts as network namespaces (agents and their QEMUs inside),
 * each with an ipmi_sim BMC whose power-off kills the host's processes, the manager in the root
 * namespace. Trials: (a) host death with power management: the host is fenced through another
 * host's agent and its HA VM is Up elsewhere; (b) host death without power management: an alert,
 * the VM stays Unknown until an admin confirms; (c) partitions of the VM's host with its BMC
 * unreachable: the host self-fences when its lease runs out, the manager waits the lease, the VM
 * comes back elsewhere; a watcher samples QEMU processes every 100 ms and the VM never runs twice;
 * (e) power saving: an idle host beyond the reserve is powered off through its BMC, and powered on
 * again when a VM needs it; its agent reconnects and the host is activated.
 * Short timers (heartbeat 1 s, NonResponsive after 5 s, lease 6 s: a loaded CI machine delays heartbeats by seconds; kill
 * budget 1 s, margin 0.5 s); the guests are not waited for beyond their QEMU starting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HaFleetTest {

    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final int TRIALS = Integer.getInteger("flotilla.ha.partition-trials", 20);
    private static final String PASSWORD = "it-admin-password";
    /** The manager's margin beyond lease + drift: small, because the agent kills its HA VMs before its lease ends (kill budget 1 s). */
    private static final String MARGIN = System.getProperty("flotilla.ha.it-margin", "0.5S");

    private Path work;
    private HaLab lab;
    private TestGuest guest;
    private ManagerProcess manager;
    private Api api;
    private final Map<String, AgentProcess> agents = new LinkedHashMap<>();
    private final Map<String, HaLab.Host> labHosts = new LinkedHashMap<>();
    private final QemuWatcher watcher = new QemuWatcher();
    private final List<String> timings = new ArrayList<>();
    private String vmId;

    @BeforeAll
    void startFleet() throws IOException {
        Machine.requireQemu();
        guest = TestGuest.build();
        work = Files.createTempDirectory("flotilla-ha-it");
        lab = HaLab.up(work.resolve("lab"), 3);
        Path logs = Path.of("target", "it-logs", "ha").toAbsolutePath();
        int[] ports = Machine.freePorts(2);
        manager = ManagerProcess.start(work.resolve("manager"), ports[0], ports[1], PASSWORD, logs.resolve("manager.log"), Map.ofEntries(
                Map.entry("flotilla.agentlink.heartbeat-interval", "PT1S"),
                Map.entry("flotilla.hosts.connecting-after", "PT3S"),
                Map.entry("flotilla.hosts.non-responsive-after", "PT5S"),
                Map.entry("flotilla.hosts.check-interval-ms", "250"),
                Map.entry("flotilla.vm.powering-up-delay", "PT0.5S"),
                Map.entry("flotilla.ha.lease", "PT6S"),
                Map.entry("flotilla.ha.lease-margin", "PT" + MARGIN),
                Map.entry("flotilla.ha.kill-budget", "PT1S"),
                Map.entry("flotilla.ha.retry-initial", "PT1S"),
                Map.entry("flotilla.ha.restart-interval-ms", "250"),
                Map.entry("flotilla.fencing.confirm-interval", "PT0.5S"),
                Map.entry("flotilla.fencing.timeout", "PT20S"),
                Map.entry("flotilla.power-saving.interval", "PT1S")));
        manager.awaitHealthy();
        api = manager.api();
        int port = 16000;
        for (HaLab.Host h : lab.hosts()) {
            String token = api.post("api/v1/hosts/enrollment-tokens", Map.of("ttlMinutes", 60), 201).path("token").asText();
            AgentProcess agent = AgentProcess.enrollIn(h.netns(), HaLab.MANAGER_ADDRESS, h.name(), work.resolve(h.name()),
                    manager.agentPort(), port + "-" + (port + 49), logs.resolve(h.name() + ".log"), token);
            agents.put(h.name(), agent);
            labHosts.put(h.name(), h);
            lab.startBmc(h, agent.restartCommand(), agent.log());
            port += 50;
        }
    }

    @AfterAll
    void stopFleet() {
        watcher.close();
        timings.add(selfFenceFacts());
        System.out.println("HA trial timings (host failure to HA VM Up elsewhere):\n  " + String.join("\n  ", timings));
        agents.values().forEach(AgentProcess::killQemus);
        if (lab != null) {
            lab.close(); // kills whatever runs in the host namespaces, agents restarted by a BMC included
        }
        agents.values().forEach(AgentProcess::stop);
        if (manager != null) {
            manager.stop();
        }
        if (work != null) {
            Machine.deleteTree(work);
        }
    }

    @Test
    @Order(1)
    void allHostsComeUpAndTheirBmcsAnswerThroughAnotherHost() {
        for (String name : agents.keySet()) {
            awaitHost(name, "Up");
        }
        for (String name : agents.keySet()) {
            setPowerManagement(name, HaLab.MANAGER_ADDRESS);
            JsonNode test = api.post("api/v1/hosts/" + hostId(name) + "/powermanagement/test", null, 200);
            assertThat(test.path("ok").asBoolean()).as("BMC of %s: %s", name, test).isTrue();
            assertThat(test.path("powerStatus").asText()).isEqualTo("on");
            assertThat(test.path("proxy").asText()).isNotEqualTo(name);
        }
    }

    @Test
    @Order(2)
    void aWrongBmcPasswordIsAClearEventAndPowersNothingOff() {
        String name = agents.keySet().iterator().next();
        String id = hostId(name);
        api.send("PUT", "api/v1/hosts/" + id + "/powermanagement", Map.of("address", HaLab.MANAGER_ADDRESS,
                "port", labHosts.get(name).bmcPort(), "username", HaLab.BMC_USER, "password", "wrong", "cipher", "3"));

        JsonNode off = api.post("api/v1/hosts/" + id + "/fence", Map.of("action", "status"), 200);

        assertThat(off.path("ok").asBoolean()).isFalse();
        assertThat(events(id)).anySatisfy(e -> assertThat(e.path("message").asText()).contains("failed"));
        assertThat(host(name).path("status").asText()).isEqualTo("Up");
        setPowerManagement(name, HaLab.MANAGER_ADDRESS);
    }

    @Test
    @Order(3)
    void trialA_aDeadHostIsFencedThroughAProxyAndItsHaVmIsUpElsewhere() {
        vmId = createHaVm("ha-vm");
        watcher.watch(vmId);
        String victim = startAndAwaitUp();

        long t0 = System.nanoTime();
        lab.kill(labHosts.get(victim));
        JsonNode vm = awaitVmUpAwayFrom(victim);
        timings.add("(a) power management, host death: %.1f s".formatted((System.nanoTime() - t0) / 1e9));

        assertThat(hostName(vm.path("hostId").asText())).isNotEqualTo(victim);
        assertThat(events(hostId(victim))).anySatisfy(e -> assertThat(e.path("message").asText()).contains("confirmed by its BMC"));
        awaitHost(victim, "Up"); // powered on again by the fence restart: the BMC's hook started its agent
    }

    @Test
    @Order(4)
    void trialB_withoutPowerManagementTheVmWaitsForTheAdminsConfirmation() throws InterruptedException {
        String victim = hostName(api.get("api/v1/vms/" + vmId).path("hostId").asText());
        api.send("DELETE", "api/v1/hosts/" + hostId(victim) + "/powermanagement", null);

        long t0 = System.nanoTime();
        lab.kill(labHosts.get(victim));
        awaitHost(victim, "NonResponsive");
        Await.until("the no-power-management alert", WAIT, () -> events(hostId(victim)),
                es -> es.stream().anyMatch(e -> e.path("message").asText().contains("ALERT")), this::logTails);
        Thread.sleep(3000); // well past the lease: still nothing may move without the admin
        assertThat(api.get("api/v1/vms/" + vmId).path("status").asText()).isEqualTo("Unknown");

        api.post("api/v1/hosts/" + hostId(victim) + "/fence", Map.of("action", "manual"), 200);
        awaitVmUpAwayFrom(victim);
        timings.add("(b) no power management, admin confirmed after: %.1f s".formatted((System.nanoTime() - t0) / 1e9));
        lab.powerOn(labHosts.get(victim));
        awaitHost(victim, "Up");
    }

    @Test
    @Order(5)
    void trialC_partitionsWithUnreachableBmcsNeverRunTheVmTwice() {
        for (String name : agents.keySet()) {
            setPowerManagement(name, HaLab.UNREACHABLE);
        }
        for (int i = 1; i <= TRIALS; i++) {
            String victim = hostName(api.get("api/v1/vms/" + vmId).path("hostId").asText());
            HaLab.Host h = labHosts.get(victim);
            long t0 = System.nanoTime();
            lab.partition(h, true);
            try {
                awaitVmUpAwayFrom(victim);
            } finally {
                lab.partition(h, false);
            }
            timings.add("(c) partition %d of %s, lease 6 s, margin %s, BMC unreachable: %.1f s".formatted(i, victim, MARGIN,
                    (System.nanoTime() - t0) / 1e9));
            assertThat(watcher.highest(vmId)).as("QEMU processes of the VM at once, after trial %d", i).isLessThanOrEqualTo(1);
        }
        timings.add("watcher: %d samples, at most %d QEMU process(es) of the VM at once".formatted(watcher.samples(), watcher.highest(vmId)));
        assertThat(watcher.highest(vmId)).isEqualTo(1);
    }

    @Test
    @Order(6)
    void trialD_aKilledQemuOfTheHaVmOnAHostThatStaysUpComesBack() {
        JsonNode running = Await.until("the HA VM Up", WAIT, () -> api.get("api/v1/vms/" + vmId), v -> "Up".equals(v.path("status").asText()),
                this::logTails);
        String host = hostName(running.path("hostId").asText());
        long crashesBefore = events(vmId).stream().filter(e -> e.path("message").asText().contains("went Down unexpectedly")).count();
        ProcessHandle qemu = ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains("qemu-system")
                && p.info().commandLine().orElse("").contains(vmId)).findFirst().orElseThrow();

        long t0 = System.nanoTime();
        qemu.destroyForcibly();
        Await.until("the HA VM restarted after its QEMU was killed", WAIT, () -> events(vmId), es -> es.stream()
                .filter(e -> e.path("message").asText().contains("went Down unexpectedly")).count() > crashesBefore, this::logTails);
        JsonNode back = Await.until("the HA VM Up again", WAIT, () -> api.get("api/v1/vms/" + vmId),
                v -> "Up".equals(v.path("status").asText()), this::logTails);
        timings.add("(d) QEMU killed with SIGKILL on %s, host stays Up: Up again on %s after %.1f s".formatted(host,
                hostName(back.path("hostId").asText()), (System.nanoTime() - t0) / 1e9));

        assertThat(events(vmId)).anySatisfy(e -> assertThat(e.path("message").asText()).contains("went Down unexpectedly")
                .contains("QEMU exited unexpectedly"));
        assertThat(watcher.highest(vmId)).isEqualTo(1);
    }

    @Test
    @Order(7)
    void trialE_powerSavingPowersAnIdleHostOffAndOnAgainWhenAVmNeedsIt() {
        for (String name : agents.keySet()) {
            setPowerManagement(name, HaLab.MANAGER_ADDRESS); // trial (c) left the BMCs unreachable
        }
        String vmHost = hostName(Await.until("the HA VM Up", WAIT, () -> api.get("api/v1/vms/" + vmId),
                v -> "Up".equals(v.path("status").asText()), this::logTails).path("hostId").asText());
        String cluster = host(vmHost).path("clusterId").asText();
        long t0 = System.nanoTime();
        setClusterPolicy(cluster, Map.of("schedulingPolicy", "power_saving",
                "schedulingPolicyParameters", Map.of("HostsInReserve", 1, "EnableAutomaticHostPowerManagement", 1)));
        String off;
        try {
            // three hosts, one runs the HA VM, two are idle and one is in reserve: the other is powered off
            JsonNode parked = Await.until("an idle host powered off by power saving", WAIT, () -> powerSavingHosts(cluster),
                    hosts -> hosts.stream().anyMatch(h -> "Off".equals(h.path("state").asText())), this::logTails)
                    .stream().filter(h -> "Off".equals(h.path("state").asText())).findFirst().orElseThrow();
            off = parked.path("name").asText();
            timings.add("(e) power saving: idle host %s powered off (BMC confirmed) %.1f s after it was turned on".formatted(off,
                    (System.nanoTime() - t0) / 1e9));
            assertThat(off).isNotEqualTo(vmHost);
            assertThat(lab.runs(labHosts.get(off))).as("processes in the namespace of %s", off).isFalse();
            assertThat(host(off).path("status").asText()).isEqualTo("Maintenance");
            assertThat(host(off).path("statusReason").asText()).contains("powered off by power saving");

            String pinned = createVm("ps-vm", false);
            api.send("PUT", "api/v1/vms/" + pinned + "/pinnedhosts", Map.of("hostIds", List.of(hostId(off))));
            long t1 = System.nanoTime();
            JsonNode refused = api.post("api/v1/vms/" + pinned + "/start", null, 409);
            assertThat(refused.toString()).contains("powering on host " + off);
            setClusterPolicy(cluster, Map.of("schedulingPolicy", "none")); // no more switching; the host on its way still comes back
            awaitHost(off, "Up");
            timings.add("(e) power saving: %s powered on for a VM pinned to it, agent back and host Up after %.1f s".formatted(off,
                    (System.nanoTime() - t1) / 1e9));
            assertThat(events(hostId(off))).anySatisfy(e -> assertThat(e.path("message").asText()).contains("back from power saving"));
            api.post("api/v1/vms/" + pinned + "/start", null, 200);
            Await.until("the pinned VM Up on " + off, WAIT, () -> api.get("api/v1/vms/" + pinned),
                    v -> "Up".equals(v.path("status").asText()) && hostId(off).equals(v.path("hostId").asText()), this::logTails);
        } finally {
            setClusterPolicy(cluster, Map.of("schedulingPolicy", "none"));
        }
    }

    private void setClusterPolicy(String cluster, Map<String, Object> change) {
        Map<String, Object> body = new LinkedHashMap<>(change);
        body.put("version", api.get("api/v1/clusters/" + cluster).path("version").asLong());
        Api.Response r = api.send("PATCH", "api/v1/clusters/" + cluster, body);
        assertThat(r.status()).as("PATCH cluster: %s", r.body()).isEqualTo(200);
    }

    private List<JsonNode> powerSavingHosts(String cluster) {
        return StreamSupport.stream(api.get("api/v1/clusters/" + cluster + "/powersaving").path("hosts").spliterator(), false).toList();
    }

    /** What the agents' logs say of their self-fencing: how long before its lease's end each HA VM was dead. */
    private String selfFenceFacts() {
        java.util.regex.Pattern dead = java.util.regex.Pattern.compile("is dead, (\\d+) ms before the lease ended");
        List<Long> before = new ArrayList<>();
        long late = 0;
        for (AgentProcess a : agents.values()) {
            try {
                for (String line : Files.readAllLines(a.log())) {
                    var m = dead.matcher(line);
                    if (m.find()) {
                        before.add(Long.parseLong(m.group(1)));
                    } else if (line.contains("the kill budget is too small")) {
                        late++;
                    }
                }
            } catch (IOException e) {
                return "self-fencing: cannot read " + a.log() + ": " + e.getMessage();
            }
        }
        java.util.LongSummaryStatistics st = before.stream().mapToLong(Long::longValue).summaryStatistics();
        return "self-fencing: %d HA VM kill(s) confirmed before the lease ended (min %d ms, max %d ms before), %d after it"
                .formatted(st.getCount(), st.getCount() == 0 ? 0 : st.getMin(), st.getCount() == 0 ? 0 : st.getMax(), late);
    }

    private void setPowerManagement(String name, String address) {
        api.send("PUT", "api/v1/hosts/" + hostId(name) + "/powermanagement", Map.of("address", address,
                "port", labHosts.get(name).bmcPort(), "username", HaLab.BMC_USER, "password", HaLab.BMC_PASSWORD, "cipher", "3",
                "options", "power_timeout=2"));
    }

    private String createHaVm(String name) {
        String id = createVm(name, true);
        api.send("PUT", "api/v1/vms/" + id + "/highavailability", Map.of("enabled", true, "priority", 100));
        return id;
    }

    private String createVm(String name, boolean highlyAvailable) {
        Map<String, Object> boot = Map.of("kernel", guest.kernel().toString(), "initrd", guest.initrd().toString(), "cmdline", guest.cmdline());
        return api.post("api/v1/vms", Map.of("name", name, "cpus", 1, "memoryMiB", 128, "highlyAvailable", highlyAvailable, "boot", boot), 201)
                .path("id").asText();
    }

    private String startAndAwaitUp() {
        String hostId = api.post("api/v1/vms/" + vmId + "/start", null, 200).path("hostId").asText();
        Await.until("VM to be Up", WAIT, () -> api.get("api/v1/vms/" + vmId), v -> "Up".equals(v.path("status").asText()), this::logTails);
        return hostName(hostId);
    }

    private JsonNode awaitVmUpAwayFrom(String victim) {
        String victimId = hostId(victim);
        return Await.until("the HA VM Up on a host other than " + victim, WAIT, () -> api.get("api/v1/vms/" + vmId),
                v -> "Up".equals(v.path("status").asText()) && !victimId.equals(v.path("hostId").asText()), this::logTails);
    }

    private void awaitHost(String name, String status) {
        Await.until("host " + name + " to be " + status, WAIT, () -> host(name), h -> status.equals(h.path("status").asText()),
                this::logTails);
    }

    private JsonNode host(String name) {
        return api.get("api/v1/hosts?name=" + name).path("items").path(0);
    }

    private String hostId(String name) {
        return host(name).path("id").asText();
    }

    private String hostName(String id) {
        return api.get("api/v1/hosts/" + id).path("name").asText();
    }

    private List<JsonNode> events(String objectId) {
        return StreamSupport.stream(api.get("api/v1/events?objectId=" + objectId + "&size=200").path("items").spliterator(), false).toList();
    }

    private String logTails() {
        List<String> tails = new ArrayList<>();
        tails.add(manager.logTail(40));
        agents.values().forEach(a -> tails.add(a.logTail(15)));
        return String.join("\n", tails);
    }
}
