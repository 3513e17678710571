package dev.flotilla.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.agent.testguest.TestGuest;
import dev.flotilla.agent.testlab.StorageLab;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * Live migration as issue 4 asks for it: two agents, each in a host network namespace of the
 * storage lab (so each has its own address and the guest's memory crosses the lab's bridge), a
 * guest whose disk is on the lab's real NFS export. The guest counts seconds on its serial
 * console; after the migration it goes on counting on the other host, from the same disk. A
 * migration cancelled midway leaves it running where it was; maintenance then evacuates a host
 * running two guests. Then the storage domain monitor (issue 3): both guests move to one host, whose
 * path to the NFS server is cut while the other host still reads the domain, so the cut host goes
 * NonOperational naming the domain; the guest without disks is migrated away (resilience policy),
 * the guest on the NFS disk stays and is reported not responding on storage; the cut host comes back
 * Up when the path returns and the stall clears. (A manager restarted in the middle of a migration is
 * covered by OrphanedMigrationsApiTest; its end-to-end step is out of CI: in 1 of 4 trials the VM was
 * settled Up on its target, where the guest kernel oopsed at once on resuming. That is QEMU's, not
 * the restart's: the step needs a slow migration (2 MiB/s) to outlive the manager's restart, and raw
 * QEMU 7.2 under TCG, with no Flotilla at all, leaves a broken guest after such a migration too — 2 of
 * 12 raw trials, tools/experiments/tcg-slow-migration.py — while fast ones, as in this class, never did.)
 * A failing wait prints each host's QEMU as /proc shows it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NfsMigrationFleetTest {

    private static final Duration HOST_UP = Duration.ofMinutes(2);
    private static final Duration GUEST_BOOT = Duration.ofMinutes(3);
    private static final String PASSWORD = "it-migration-password";

    private StorageLab lab;
    private TestGuest guest;
    private Path work;
    private ManagerProcess manager;
    private Api api;
    private final Map<String, AgentProcess> agents = new LinkedHashMap<>();
    private String vmId;
    private String secondVmId;

    @BeforeAll
    void start() throws IOException {
        Machine.requireQemu();
        lab = StorageLab.shared(2);
        guest = TestGuest.build().ticking();
        work = Files.createTempDirectory("flotilla-it-mig");
        Path logs = Path.of("target", "it-logs", "nfs-migration").toAbsolutePath();
        int[] ports = Machine.freePorts(2);
        // the domain monitor at a test pace: a check every 2 s, a host blamed after 4 s of failed checks
        manager = ManagerProcess.start(work.resolve("manager"), ports[0], ports[1], PASSWORD, logs.resolve("manager.log"), Map.of(
                "flotilla.storage.monitor.check-interval", "PT2S", "flotilla.storage.monitor.check-timeout", "PT3S",
                "flotilla.storage.monitor.unreachable-grace", "PT4S", "flotilla.storage.monitor.reconcile-interval-ms", "500"));
        manager.awaitHealthy();
        api = manager.api();
        int port = 17100;
        for (int i = 1; i <= 2; i++) {
            StorageLab.Host host = lab.host(i);
            String name = "it-mig-host" + i;
            String token = api.post("api/v1/hosts/enrollment-tokens", Map.of("ttlMinutes", 60), 201).path("token").asText();
            agents.put(name, AgentProcess.enrollIn(host.namespace(), lab.rootAddress(), name, work.resolve(name), manager.agentPort(),
                    port + "-" + (port + 49), logs.resolve(name + ".log"), token));
            port += 50;
        }
        for (String name : agents.keySet()) {
            Await.until("host " + name + " to be Up", HOST_UP, () -> api.get("api/v1/hosts?name=" + name).path("items").path(0),
                    h -> "Up".equals(h.path("status").asText()), this::logTails);
        }
    }

    @AfterAll
    void stop() {
        Machine.stopFleet(agents.values(), manager, work);
    }

    @Test
    @Order(1)
    void aGuestOnTheNfsDomainBootsInOneHostNamespace() {
        String domain = api.post("api/v1/storagedomains", Map.of("name", "it-mig-nfs", "type", "nfs",
                "nfs", Map.of("server", lab.storageAddress(), "export", lab.nfsExport())), 201).path("id").asText();
        String disk = api.post("api/v1/disks", Map.of("name", "it-mig-disk", "storageDomainId", domain, "sizeBytes", 64L << 20), 201)
                .path("id").asText();
        vmId = createVm("it-mig-vm", "it-mig-mark");
        api.post("api/v1/vms/" + vmId + "/disks", Map.of("diskId", disk, "bootable", true), 201);

        api.post("api/v1/vms/" + vmId + "/start", null, 200);

        awaitUp(vmId);
        String serial = Await.until("the guest's mark on its NFS disk", GUEST_BOOT, () -> serialLog(vmId),
                s -> s.contains(TestGuest.DISK_WROTE_MARKER), this::logTails);
        assertThat(serial).contains(TestGuest.DISK_MARK_PREFIX + "it-mig-mark");
        awaitTick(vmId, 2);
    }

    @Test
    @Order(2)
    void theGuestMigratesToTheOtherNamespaceAndGoesOnCountingFromTheSameDisk() throws IOException {
        String from = hostOf(vmId);
        long oldQemu = agents.get(from).qemuPid(vmId).orElseThrow();
        int before = awaitTick(vmId, 3);

        JsonNode started = api.post("api/v1/vms/" + vmId + "/migrate", Map.of(), 202);

        String to = started.path("targetHost").asText();
        assertThat(to).isNotEqualTo(from).startsWith("it-mig-host");
        JsonNode done = awaitMigrationEnd(vmId);
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("Completed");
        assertThat(done.path("downtimeMs").asLong()).isPositive();
        assertThat(hostOf(vmId)).isEqualTo(to);
        assertThat(awaitTick(vmId, before + 2)).isGreaterThan(before + 1);
        assertThat(serialLog(vmId)).doesNotContain(TestGuest.READY_MARKER);
        long newQemu = agents.get(to).qemuPid(vmId).orElseThrow();
        String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(newQemu), "cmdline")), StandardCharsets.UTF_8)
                .replace('\0', ' ');
        assertThat(cmdline).contains("\"driver\":\"nfs\"", lab.storageAddress());
        // the guest's memory crossed the lab's bridge: the target listened on its own namespace's address
        String targetAddress = api.get("api/v1/hosts?name=" + to).path("items").path(0).path("address").asText();
        assertThat(List.of(lab.host(1).address(), lab.host(2).address())).contains(targetAddress);
        Await.until("the source's QEMU to end", Duration.ofSeconds(30),
                () -> ProcessHandle.of(oldQemu).map(ProcessHandle::isAlive).orElse(false), alive -> !alive, this::logTails);
        assertThat(events(vmId)).contains("migrated from host " + from + " to host " + to);
    }

    /**
     * A disk plugged while the guest runs sits on a hot-plug port (slot 100 and up); the manager
     * starts the target's QEMU with it there, so the guest migrates through the API with it.
     */
    @Test
    @Order(3)
    void aDiskPluggedWhileTheGuestRunsMigratesWithIt() throws IOException {
        String domain = null;
        for (JsonNode d : api.get("api/v1/storagedomains").path("items")) {
            domain = "it-mig-nfs".equals(d.path("name").asText()) ? d.path("id").asText() : domain;
        }
        assertThat(domain).as("the NFS domain of step 1").isNotNull();
        String plugged = api.post("api/v1/disks", Map.of("name", "it-mig-plugged", "storageDomainId", domain, "sizeBytes", 16L << 20), 201)
                .path("id").asText();
        JsonNode attached = api.post("api/v1/vms/" + vmId + "/disks", Map.of("diskId", plugged), 201);
        assertThat(attached.path("slot").asInt()).as(attached.toString()).isGreaterThanOrEqualTo(100);
        String from = hostOf(vmId);
        int before = awaitTick(vmId, TestGuest.lastTick(serialLog(vmId)) + 1);

        api.post("api/v1/vms/" + vmId + "/migrate", Map.of(), 202);

        JsonNode done = awaitMigrationEnd(vmId);
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("Completed");
        String to = hostOf(vmId);
        assertThat(to).isNotEqualTo(from);
        assertThat(awaitTick(vmId, before + 2)).isGreaterThan(before + 1);
        long qemu = agents.get(to).qemuPid(vmId).orElseThrow();
        String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(qemu), "cmdline")), StandardCharsets.UTF_8)
                .replace('\0', ' ');
        assertThat(cmdline).as("the target's QEMU has the plugged disk on a hot-plug port").contains(plugged, "bus=hotplug");
    }

    @Test
    @Order(4)
    void aMigrationCancelledMidwayLeavesTheGuestRunningOnItsHost() {
        String host = hostOf(vmId);
        // 1 MiB/s: far too slow to finish before the cancel
        api.post("api/v1/vms/" + vmId + "/migrate", Map.of("bandwidthMiBps", 1), 202);
        Await.until("the migration to make progress", Duration.ofSeconds(60), () -> api.get("api/v1/vms/" + vmId + "/migration"),
                m -> m.path("progress").path("transferredBytes").asLong() > 0, this::logTails);

        api.post("api/v1/vms/" + vmId + "/cancelmigration", null, 202);

        assertThat(awaitMigrationEnd(vmId).path("state").asText()).isEqualTo("Cancelled");
        awaitUp(vmId);
        assertThat(hostOf(vmId)).isEqualTo(host);
        int now = TestGuest.lastTick(serialLog(vmId));
        assertThat(awaitTick(vmId, now + 1)).isGreaterThan(now);
    }

    @Test
    @Order(5)
    void maintenanceEvacuatesAHostRunningTwoGuests() {
        String host = hostOf(vmId);
        secondVmId = createVm("it-mig-second", null);
        assertThat(api.send("PUT", "api/v1/vms/" + secondVmId + "/pinnedhosts", Map.of("hostIds", List.of(hostId(host)))).status())
                .isEqualTo(200);
        api.post("api/v1/vms/" + secondVmId + "/start", null, 200);
        awaitUp(secondVmId);
        assertThat(api.send("PUT", "api/v1/vms/" + secondVmId + "/pinnedhosts", Map.of("hostIds", List.of())).status()).isEqualTo(200);
        assertThat(hostOf(secondVmId)).isEqualTo(host);
        awaitTick(secondVmId, 1);

        JsonNode preparing = api.post("api/v1/hosts/" + hostId(host) + "/maintenance", null, 200);

        assertThat(preparing.path("status").asText()).isEqualTo("PreparingForMaintenance");
        Await.until("host " + host + " to reach Maintenance", GUEST_BOOT, () -> api.get("api/v1/hosts/" + hostId(host)),
                h -> "Maintenance".equals(h.path("status").asText()), this::logTails);
        for (String vm : List.of(vmId, secondVmId)) {
            awaitUp(vm);
            assertThat(hostOf(vm)).isNotEqualTo(host);
            int now = TestGuest.lastTick(serialLog(vm));
            assertThat(awaitTick(vm, now + 1)).isGreaterThan(now);
        }
        api.post("api/v1/hosts/" + hostId(host) + "/activate", null, 200);
    }

    @Test
    @Order(6)
    void aHostCutOffFromTheNfsServerGoesNonOperationalNamingTheDomainAndComesBackUpWhenThePathReturns() {
        String running = hostOf(vmId);
        String cut = agents.keySet().stream().filter(n -> !n.equals(running)).findFirst().orElseThrow();
        StorageLab.Host ns = lab.host(Integer.parseInt(cut.substring("it-mig-host".length())));
        String domain = api.get("api/v1/storagedomains?name=it-mig-nfs").path("items").path(0).path("id").asText();
        Await.until("host " + cut + " to be Up and read the domain", HOST_UP, () -> api.get("api/v1/hosts/" + hostId(cut)),
                h -> "Up".equals(h.path("status").asText()) && h.path("storageDomains").path(0).path("valid").asBoolean(), this::logTails);
        assertThat(api.get("api/v1/storagedomains/" + domain).path("freeBytes").asLong()).isPositive();
        // both guests onto the host that will be cut: the one on the NFS disk and the one without disks
        for (String vm : List.of(vmId, secondVmId)) {
            api.post("api/v1/vms/" + vm + "/migrate", Map.of("targetHostId", hostId(cut)), 202);
            assertThat(awaitMigrationEnd(vm).path("state").asText()).isEqualTo("Completed");
            assertThat(hostOf(vm)).isEqualTo(cut);
        }
        assertThat(api.get("api/v1/vms/" + vmId).path("storageStall").isNull()).isTrue();

        // a blackhole route in the host's namespace only: its packets to the storage go nowhere, the manager's link stays
        List<String> route = List.of("ip", "-n", ns.namespace(), "route", "%s", "blackhole", lab.storageAddress() + "/32");
        route(route, "add");
        try {
            JsonNode nonOperational = Await.until("host " + cut + " to go NonOperational", GUEST_BOOT,
                    () -> api.get("api/v1/hosts/" + hostId(cut)), h -> "NonOperational".equals(h.path("status").asText()), this::logTails);
            assertThat(nonOperational.path("statusReason").asText()).startsWith("cannot reach storage domain it-mig-nfs (")
                    .contains("host " + running + " reads it");
            JsonNode check = nonOperational.path("storageDomains").path(0);
            assertThat(check.path("domainName").asText()).isEqualTo("it-mig-nfs");
            assertThat(check.path("valid").asBoolean()).isFalse();
            assertThat(check.path("error").asText()).contains(lab.storageAddress());
            JsonNode seen = api.get("api/v1/storagedomains/" + domain);
            assertThat(seen.path("status").asText()).as("another host reads it: the domain stays Active").isEqualTo("Active");
            Map<String, Boolean> validOn = new LinkedHashMap<>();
            seen.path("monitor").forEach(m -> validOn.put(m.path("hostName").asText(), m.path("valid").asBoolean()));
            assertThat(validOn).containsEntry(cut, false).containsEntry(running, true);
            assertThat(events(hostId(cut))).contains("Host " + cut + " is NonOperational: cannot reach storage domain it-mig-nfs");

            // the resilience policy (migrate, the default): the guest without disks leaves for the host that reads the storage
            Await.until("the diskless guest to move to " + running, GUEST_BOOT, () -> api.get("api/v1/vms/" + secondVmId),
                    v -> "Up".equals(v.path("status").asText()) && hostId(running).equals(v.path("hostId").asText()), this::logTails);
            assertThat(events(secondVmId)).contains("is migrated away from host " + cut,
                    "the cluster's resilience policy is migrate");
            assertThat(awaitTick(secondVmId, TestGuest.lastTick(serialLog(secondVmId)) + 1)).as("it runs on there").isPositive();
            // the guest on the NFS disk stays: its I/O hangs on this host, a switch-over would too
            Await.until("the NFS guest's reason to stay", GUEST_BOOT, () -> events(vmId),
                    e -> e.contains("stays on NonOperational host " + cut), this::logTails);
            assertThat(events(vmId)).contains("its disk it-mig-disk is on storage domain it-mig-nfs, which host " + cut + " cannot read");
            assertThat(hostOf(vmId)).isEqualTo(cut);
            // and its host reports it frozen on storage, though QEMU still says running
            JsonNode stalled = Await.until("the NFS guest reported stalled on storage", GUEST_BOOT, () -> api.get("api/v1/vms/" + vmId),
                    v -> v.path("storageStall").isObject(), () -> vmState(vmId) + "\n" + logTails());
            assertThat(stalled.path("status").asText()).isEqualTo("Up");
            assertThat(stalled.path("storageStall").path("reason").asText()).contains("does not answer on this host", lab.storageAddress());
            assertThat(events(vmId)).contains("is not responding on storage on host " + cut);
        } finally {
            route(route, "del");
        }
        Await.until("host " + cut + " to be Up again", GUEST_BOOT, () -> api.get("api/v1/hosts/" + hostId(cut)),
                h -> "Up".equals(h.path("status").asText()), this::logTails);
        assertThat(events(hostId(cut))).contains("it reads every active storage domain again");
        Await.until("the NFS guest's stall to clear", GUEST_BOOT, () -> api.get("api/v1/vms/" + vmId),
                v -> v.path("storageStall").isNull(), () -> vmState(vmId) + "\n" + logTails());
        assertThat(events(vmId)).contains("responds on storage again on host " + cut);
        assertThat(awaitTick(vmId, TestGuest.lastTick(serialLog(vmId)) + 1)).as("the guest goes on counting").isPositive();
    }

    private static void route(List<String> command, String verb) {
        StorageLab.Run r = StorageLab.run(command.stream().map(a -> a.formatted(verb)).toList(), Duration.ofSeconds(10));
        assertThat(r.ok()).as("ip route %s: %s", verb, r.output()).isTrue();
    }

    /** A VM booting the ticking test guest; with a mark it writes the mark on its disk. */
    private String createVm(String name, String mark) {
        Map<String, Object> boot = Map.of("kernel", guest.kernel().toString(), "initrd", guest.initrd().toString(),
                "cmdline", mark == null ? guest.cmdline() : guest.cmdline(mark));
        return api.post("api/v1/vms", Map.of("name", name, "cpus", 1, "memoryMiB", 256, "boot", boot), 201).path("id").asText();
    }

    private void awaitUp(String vm) {
        Await.until("VM " + vm + " to be Up", GUEST_BOOT, () -> api.get("api/v1/vms/" + vm),
                v -> "Up".equals(v.path("status").asText()), this::logTails);
    }

    private JsonNode awaitMigrationEnd(String vm) {
        return Await.until("the migration of " + vm + " to end", GUEST_BOOT, () -> api.get("api/v1/vms/" + vm + "/migration"),
                m -> !"Running".equals(m.path("state").asText()), this::logTails);
    }

    private int awaitTick(String vm, int atLeast) {
        return TestGuest.lastTick(Await.until("VM " + vm + " to count to " + atLeast, GUEST_BOOT, () -> serialLog(vm),
                text -> TestGuest.lastTick(text) >= atLeast, () -> serialLog(vm) + "\n" + vmState(vm) + "\n" + logTails()));
    }

    private String hostOf(String vm) {
        String id = api.get("api/v1/vms/" + vm).path("hostId").asText();
        return StreamSupport.stream(api.get("api/v1/hosts").path("items").spliterator(), false)
                .filter(h -> h.path("id").asText().equals(id)).map(h -> h.path("name").asText()).findFirst()
                .orElseThrow(() -> new AssertionError("VM " + vm + " runs on no known host (" + id + ")"));
    }

    private String hostId(String name) {
        return api.get("api/v1/hosts?name=" + name).path("items").path(0).path("id").asText();
    }

    /** The serial log of the VM on the host it runs on now (each host keeps its own). */
    private String serialLog(String vm) {
        String id = api.get("api/v1/vms/" + vm).path("hostId").asText();
        StringBuilder all = new StringBuilder();
        for (AgentProcess agent : agents.values()) {
            Path file = agent.serialLog(vm);
            if (Files.exists(file) && id.equals(hostId(agent.name()))) {
                try {
                    all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        return all.toString();
    }

    private String events(String objectId) {
        return api.get("api/v1/events?objectId=" + objectId + "&size=200").path("items").toString();
    }

    /** The VM as the manager has it, its events, and each host's view of it (QEMU's log, the serial log's size). */
    private String vmState(String vm) {
        StringBuilder b = new StringBuilder("VM: " + api.get("api/v1/vms/" + vm) + "\nevents: " + events(vm) + "\n");
        for (AgentProcess agent : agents.values()) {
            Path serial = agent.serialLog(vm);
            b.append("---- ").append(agent.name()).append(": serial.log ").append(Files.exists(serial) ? serial.toFile().length() + " bytes" : "absent")
                    .append(", qemu pid ").append(agent.qemuPid(vm).map(String::valueOf).orElse("none")).append(", qemu.log tail:\n")
                    .append(agent.qemuLogTail(vm, 1500)).append('\n');
            agent.qemuPid(vm).ifPresent(pid -> b.append(qemuProcess(pid)));
        }
        return b.toString();
    }

    /** What /proc says of a QEMU: where its serial output goes, how much CPU it used (twice, 2 s apart), its threads. */
    private static String qemuProcess(long pid) {
        StringBuilder b = new StringBuilder("qemu /proc: ");
        Path proc = Path.of("/proc", Long.toString(pid));
        try (var fds = Files.list(proc.resolve("fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.contains("serial")) {
                        b.append("fd ").append(fd.getFileName()).append(" -> ").append(target).append("; ");
                    }
                } catch (IOException e) {
                    // the fd closed meanwhile
                }
            });
            b.append("cpu ticks ").append(cpuTicks(proc));
            Thread.sleep(2000);
            b.append(" then ").append(cpuTicks(proc)).append(" 2 s later; threads:");
            try (var tasks = Files.list(proc.resolve("task"))) {
                tasks.forEach(t -> {
                    try {
                        String stat = Files.readString(t.resolve("stat"));
                        b.append(' ').append(stat, stat.indexOf('('), stat.indexOf(')') + 3);
                    } catch (IOException e) {
                        // the thread ended meanwhile
                    }
                });
            }
        } catch (IOException e) {
            b.append("unreadable: ").append(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return b.append('\n').toString();
    }

    private static String cpuTicks(Path proc) throws IOException {
        String stat = Files.readString(proc.resolve("stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return "utime " + f[11] + " stime " + f[12];
    }

    private String logTails() {
        List<String> tails = new ArrayList<>();
        tails.add(manager.logTail(30));
        agents.values().forEach(a -> tails.add(a.logTail(30)));
        return String.join("\n", tails);
    }
}
