package dev.flotilla.manager.agentlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.flotilla.manager.api.ApiClient;
import dev.flotilla.protocol.v1.AgentMessage;
import dev.flotilla.protocol.v1.Command;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.Heartbeat;
import dev.flotilla.protocol.v1.Hello;
import dev.flotilla.protocol.v1.HostStats;
import dev.flotilla.protocol.v1.ManagerMessage;
import dev.flotilla.protocol.v1.VmEvent;
import dev.flotilla.protocol.v1.VmReport;
import dev.flotilla.protocol.v1.VmRunState;
import dev.flotilla.protocol.v1.VmStats;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import javax.imageio.ImageIO;
import dev.flotilla.manager.ManagerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The agent protocol against the real gRPC server, CA and database, with a protocol-level fake agent. */
@ManagerTest
class AgentLinkTest {

    @LocalServerPort
    int httpPort;
    @Autowired
    AgentLinkServer server;
    @Autowired
    CertificateAuthority ca;

    ApiClient api() {
        return new ApiClient(httpPort, "admin@internal", "test-pass");
    }

    String token() {
        return api().post("/hosts/enrollment-tokens", null).text("token");
    }

    FakeAgent agent(String prefix) {
        return new FakeAgent(prefix + "-" + Long.toHexString(System.nanoTime()), server.port(), ca.certificatePem());
    }

    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(40));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    String hostStatus(String name) {
        return api().get("/hosts?name=" + name).body().path("items").path(0).path("status").asString();
    }

    /** Enrolls, connects, says Hello (optionally with running VMs) and returns once the host is Up. */
    FakeAgent upAgent(String prefix, VmReport... running) throws Exception {
        FakeAgent a = agent(prefix);
        assertThat(a.enroll(token()).hasCertificate()).isTrue();
        a.connect(true);
        Hello.Builder hello = Hello.newBuilder().setProtocolVersion(1).setFacts(FakeAgent.facts());
        for (VmReport r : running) {
            hello.addVms(r);
        }
        a.send(AgentMessage.newBuilder().setHello(hello).build());
        assertThat(a.next().getBodyCase()).isEqualTo(ManagerMessage.BodyCase.WELCOME);
        eventually("host " + a.name + " is Up", () -> "Up".equals(hostStatus(a.name)));
        return a;
    }

    /** What the fake agent was asked while a call ran, and what the call returned. */
    record Answered<T>(Command command, T result) {}

    /** Runs {@code call} while the fake agent answers the one command it gets with {@code answer}. */
    static <T> Answered<T> whileAnswering(FakeAgent a, Function<Command, CommandResult.Builder> answer, Callable<T> call) throws Exception {
        AtomicReference<Command> asked = new AtomicReference<>();
        Thread answerer = new Thread(() -> {
            try {
                Command c = a.next().getCommand();
                asked.set(c);
                a.send(AgentMessage.newBuilder().setResult(answer.apply(c).setCommandId(c.getCommandId())).build());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        answerer.start();
        T result = call.call();
        answerer.join();
        return new Answered<>(asked.get(), result);
    }

    /** Starts the VM through the API with the fake agent running it, and reports it running until it is Up. */
    void startUp(FakeAgent a, String id) throws Exception {
        var started = whileAnswering(a, c -> {
            a.send(AgentMessage.newBuilder().setVmEvent(VmEvent.newBuilder().setVmId(id).setState(VmRunState.RUNNING)).build());
            return CommandResult.newBuilder().setOk(true);
        }, () -> api().post("/vms/" + id + "/start", null));

        assertThat(started.result().status()).isEqualTo(200);
        assertThat(started.command().getStartVm().getSpec().getVmId()).isEqualTo(id);
        eventually("the VM is Up (after the powering-up delay)", () -> {
            a.send(AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                    .addVms(VmReport.newBuilder().setVmId(id).setState(VmRunState.RUNNING))).build());
            return "Up".equals(api().get("/vms/" + id).text("status"));
        });
    }

    /** GET with the API's credentials, the body as bytes (a PNG or problem+json). */
    HttpResponse<byte[]> getBytes(String path, String accept) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/api/v1" + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin@internal:test-pass".getBytes(StandardCharsets.UTF_8)))
                .header("Accept", accept).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Asks for the VM's screenshot through the API while the fake agent answers the command with {@code result}. */
    HttpResponse<byte[]> screenshotAnswered(FakeAgent a, String id, CommandResult.Builder result) throws Exception {
        var r = whileAnswering(a, c -> result, () -> getBytes("/vms/" + id + "/screenshot", "image/png"));
        assertThat(r.command().getScreenshotVm().getVmId()).isEqualTo(id);
        return r.result();
    }

    static byte[] png() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    @Test
    void aScreenshotIsTheHostsPngOrItsRefusal() throws Exception {
        try (FakeAgent a = upAgent("screen")) {
            String id = api().post("/vms", "{\"name\":\"%s\",\"memoryMiB\":256}".formatted("vm-" + a.name)).text("id");
            startUp(a, id);
            byte[] png = png();

            var shot = screenshotAnswered(a, id, CommandResult.newBuilder().setOk(true)
                    .setPayload(ByteString.copyFrom(png)).setPayloadType("image/png"));

            assertThat(shot.statusCode()).isEqualTo(200);
            assertThat(shot.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(shot.body()).isEqualTo(png);

            var refused = screenshotAnswered(a, id, CommandResult.newBuilder().setOk(false)
                    .setErrorCode("DRIVER_FAILURE").setErrorMessage("QEMU did not carry out screendump"));

            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("QEMU did not carry out screendump");
        }
    }

    @Test
    void aDownVmHasNoScreenshotAndAnUnknownOneIsNotFound() throws Exception {
        String id = api().post("/vms", "{\"name\":\"%s\"}".formatted("vm-dark-" + Long.toHexString(System.nanoTime()))).text("id");

        var down = getBytes("/vms/" + id + "/screenshot", "image/png");
        var unknown = getBytes("/vms/" + UUID.randomUUID() + "/screenshot", "*/*");

        assertThat(down.statusCode()).isEqualTo(409);
        assertThat(down.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(new String(down.body(), StandardCharsets.UTF_8)).contains("is Down", "only a running or paused VM has a screen");
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void tokenEnrollmentGivesACertificateNamingTheHostAndTheTokenIsSingleUse() throws Exception {
        String token = token();
        try (FakeAgent a = agent("enroll"); FakeAgent b = agent("enroll")) {
            var r = a.enroll(token);
            assertThat(r.hasCertificate()).isTrue();
            assertThat(Pem.certificate(r.getCertificate().getCertificatePem()).getSubjectX500Principal().getName())
                    .isEqualTo("CN=" + r.getCertificate().getHostId());
            assertThatThrownBy(() -> b.enroll(token)).isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
            assertThat(api().get("/hosts?name=" + b.name).body().path("total").asLong()).isZero();
        }
    }

    @Test
    void withoutATokenTheHostWaitsForApproval() throws Exception {
        try (FakeAgent a = agent("pending")) {
            assertThat(a.enroll("").hasPending()).isTrue();
            String id = api().get("/hosts?name=" + a.name).body().path("items").path(0).path("id").asString();
            assertThat(hostStatus(a.name)).isEqualTo("PendingApproval");
            assertThat(a.enroll("").hasPending()).isTrue();

            assertThat(api().post("/hosts/" + id + "/approve", null).status()).isEqualTo(200);

            assertThat(a.enroll("").hasCertificate()).isTrue();
        }
    }

    @Test
    void theAgentLinkRefusesACallerWithoutACertificate() throws Exception {
        try (FakeAgent a = agent("nocert")) {
            a.connect(false);
            a.send(AgentMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(1)).build());
            eventually("the stream is refused", () -> a.streamError != null);
            assertThat(Status.fromThrowable(a.streamError).getCode()).isIn(Status.Code.UNAUTHENTICATED, Status.Code.UNAVAILABLE);
        }
    }

    @Test
    void unknownRunningVmIsRaisedAsAnEventAndLeftAlone() throws Exception {
        String stranger = UUID.randomUUID().toString();
        try (FakeAgent a = upAgent("stranger", VmReport.newBuilder().setVmId(stranger).setState(VmRunState.RUNNING).build())) {
            var events = api().get("/events?objectType=host&size=100").body().path("items");
            assertThat(events.findValuesAsString("message")).anySatisfy(m -> assertThat(m).contains(stranger).contains(a.name));
        }
    }

    @Test
    void startGoesToTheHostAndTheHostsReportsDriveTheStatus() throws Exception {
        try (FakeAgent a = upAgent("runner")) {
            String id = api().post("/vms", "{\"name\":\"%s\",\"memoryMiB\":256}".formatted("vm-" + a.name)).text("id");
            startUp(a, id);

            a.send(AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                    .addVms(VmReport.newBuilder().setVmId(id).setState(VmRunState.STOPPED).setReason("guest powered off"))).build());
            eventually("the VM is Down", () -> "Down".equals(api().get("/vms/" + id).text("status")));
            assertThat(api().get("/vms/" + id).text("statusReason")).isEqualTo("guest powered off");
        }
    }

    @Test
    void heartbeatRatesReachTheHostAndVmAndAnUnmeasuredDiskIsNotNoDisk() throws Exception {
        try (FakeAgent a = upAgent("rates")) {
            String id = api().post("/vms", "{\"name\":\"%s\",\"memoryMiB\":256}".formatted("vm-" + a.name)).text("id");
            startUp(a, id);
            String hostId = api().get("/hosts?name=" + a.name).body().path("items").path(0).path("id").asString();

            a.send(AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                    .setStats(HostStats.newBuilder().setCpuPercent(10).setMemoryTotalMib(16384).setMemoryUsedMib(2048)
                            .setDiskReadBytesPerSecond(1048576).setDiskWriteBytesPerSecond(2048)
                            .setNetReceiveBytesPerSecond(1000).setNetTransmitBytesPerSecond(500))
                    .addVms(VmReport.newBuilder().setVmId(id).setState(VmRunState.RUNNING)
                            .setStats(VmStats.newBuilder().setCpuPercent(5).setMemoryRssMib(100).setUptimeSeconds(30)
                                    .setDiskCount(1).setDiskReadBytesPerSecond(4096).setDiskWriteBytesPerSecond(512).setNicCount(0)))).build());

            eventually("the VM's disks are reported", () -> api().get("/vms/" + id).body().path("stats").path("disks").asInt() == 1);
            var host = api().get("/hosts/" + hostId).body().path("stats");
            assertThat(host.path("diskReadBytesPerSecond").asDouble()).isEqualTo(1048576);
            assertThat(host.path("diskWriteBytesPerSecond").asDouble()).isEqualTo(2048);
            assertThat(host.path("networkReceiveBytesPerSecond").asDouble()).isEqualTo(1000);
            assertThat(host.path("networkTransmitBytesPerSecond").asDouble()).isEqualTo(500);
            var vm = api().get("/vms/" + id).body().path("stats");
            assertThat(vm.path("diskReadBytesPerSecond").asDouble()).isEqualTo(4096);
            assertThat(vm.path("diskWriteBytesPerSecond").asDouble()).isEqualTo(512);
            assertThat(vm.path("nics").asInt()).as("no NIC: 0, not unknown").isZero();
            assertThat(vm.path("networkReceiveBytesPerSecond").isNull()).as("no NIC, no rate").isTrue();

            // an agent that could not measure the disks (QEMU did not answer) leaves the count out
            a.send(AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                    .addVms(VmReport.newBuilder().setVmId(id).setState(VmRunState.RUNNING)
                            .setStats(VmStats.newBuilder().setCpuPercent(6).setMemoryRssMib(100).setUptimeSeconds(33)))).build());
            eventually("the next report is shown", () -> api().get("/vms/" + id).body().path("stats").path("cpuPercent").asDouble() == 6);
            vm = api().get("/vms/" + id).body().path("stats");
            assertThat(vm.path("disks").isNull()).as("unknown, not 'no disks'").isTrue();
            assertThat(vm.path("diskReadBytesPerSecond").isNull()).isTrue();
        }
    }

    @Test
    void aStartTheHostRefusesEndsDownWithTheHostsReason() throws Exception {
        try (FakeAgent a = upAgent("refuser")) {
            String id = api().post("/vms", "{\"name\":\"%s\"}".formatted("vm-" + a.name)).text("id");
            var r = whileAnswering(a, c -> CommandResult.newBuilder().setOk(false).setErrorCode("INVALID_SPEC")
                    .setErrorMessage("kernel file /nope/vmlinuz does not exist"), () -> api().post("/vms/" + id + "/start", null)).result();

            assertThat(r.status()).isEqualTo(409);
            assertThat(r.text("detail")).contains("/nope/vmlinuz");
            assertThat(api().get("/vms/" + id).text("status")).isEqualTo("Down");
            assertThat(api().get("/events?objectId=" + id).body().path("items").findValuesAsString("message"))
                    .anySatisfy(m -> assertThat(m).contains("/nope/vmlinuz"));
        }
    }

    @Test
    void aHostWhoseHeartbeatsWereLateComesBackUpWhenTheyResume() throws Exception {
        try (FakeAgent a = upAgent("late")) {
            // no heartbeats: after connecting-after (8 s) the host is Connecting, its stream still open
            eventually("the silent host is Connecting", () -> "Connecting".equals(hostStatus(a.name)));

            eventually("the host is Up again once heartbeats resume", () -> {
                a.send(AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder()).build());
                return "Up".equals(hostStatus(a.name));
            });
        }
    }

    @Test
    void aClosedStreamMakesTheHostConnectingAndItsVmsNotResponding() throws Exception {
        FakeAgent a = upAgent("leaver");
        a.close();
        eventually("the host is Connecting", () -> "Connecting".equals(hostStatus(a.name)));
    }

    @Test
    void aMigrationPreparesTheTargetDrivesTheSourceAndMovesTheVmOrLeavesItWhereItWasWhenItFails() throws Exception {
        String name = "migrant-" + Long.toHexString(System.nanoTime());
        String id = api().post("/vms", "{\"name\":\"%s\",\"memoryMiB\":256}".formatted(name)).text("id");
        VmReport running = VmReport.newBuilder().setVmId(id).setState(VmRunState.RUNNING).build();
        // the source reports the VM running, so the manager adopts it there (Up) without a start
        try (FakeAgent source = upAgent("mig-src", running); FakeAgent target = upAgent("mig-dst")) {
            eventually("the VM is Up on the source", () -> "Up".equals(api().get("/vms/" + id).text("status")));
            String sourceId = api().get("/vms/" + id).text("hostId");
            String targetId = api().get("/hosts?name=" + target.name).body().path("items").path(0).path("id").asString();

            var started = api().post("/vms/" + id + "/migrate", "{\"targetHostId\":\"%s\",\"maxDowntimeMs\":30}".formatted(targetId));

            assertThat(started.status()).isEqualTo(202);
            assertThat(api().get("/vms/" + id).text("status")).isEqualTo("MigratingFrom");
            Command prepare = target.next(Command.ActionCase.PREPARE_INCOMING);
            assertThat(prepare.getPrepareIncoming().getSpec().getVmId()).isEqualTo(id);
            // while the target starts, the source sets its migration settings (its answer is not waited for)
            Command ready = source.next(Command.ActionCase.PREPARE_MIGRATION);
            assertThat(ready.getPrepareMigration().getVmId()).isEqualTo(id);
            assertThat(ready.getPrepareMigration().getParameters().getMaxDowntimeMs()).isEqualTo(30);
            target.send(AgentMessage.newBuilder().setResult(CommandResult.newBuilder().setCommandId(prepare.getCommandId())
                    .setOk(true).setIncomingPort(49152)).build());
            Command migrate = source.next(Command.ActionCase.MIGRATE_VM);
            assertThat(migrate.getMigrateVm().getTargetPort()).isEqualTo(49152);
            assertThat(migrate.getMigrateVm().getTargetAddress()).isNotBlank();
            assertThat(migrate.getMigrateVm().getParameters().getMaxDowntimeMs()).isEqualTo(30);
            // the incoming copy is expected on the target: no "unknown VM" there, no status change
            target.send(AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().addVms(VmReport.newBuilder().setVmId(id)
                    .setState(VmRunState.STARTING))).build());
            source.send(AgentMessage.newBuilder().setMigrationStatus(dev.flotilla.protocol.v1.MigrationStatus.newBuilder().setVmId(id)
                    .setStatus("active").setTotalBytes(1000).setRemainingBytes(250).setTransferredBytes(750)).build());
            eventually("the progress is shown", () -> api().get("/vms/" + id + "/migration").body().path("progress").path("percent").asInt() == 75);
            source.send(AgentMessage.newBuilder().setResult(CommandResult.newBuilder().setCommandId(migrate.getCommandId()).setOk(true)
                    .setMigration(dev.flotilla.protocol.v1.MigrationOutcome.newBuilder().setDowntimeMs(7).setTotalTimeMs(812)
                            .setAgentSetupMs(3).setAgentFinishMs(4))).build());

            eventually("the migration completed", () -> "Completed".equals(api().get("/vms/" + id + "/migration").text("state")));
            // where the time went: each step once, in order, and the source agent's own figures
            var timeline = api().get("/vms/" + id + "/migration").body().path("timeline");
            var steps = timeline.path("sinceAcceptedMs");
            long previous = 0;
            for (String step : java.util.List.of("committed", "targetAsked", "targetReady", "sourceAsked", "sourceAnswered", "recorded")) {
                assertThat(steps.has(step)).as("timeline step " + step + " in " + steps).isTrue();
                assertThat(steps.path(step).asLong()).as(step + " after the step before").isGreaterThanOrEqualTo(previous);
                previous = steps.path(step).asLong();
            }
            assertThat(timeline.path("sourceAgentSetupMs").asLong()).isEqualTo(3);
            assertThat(timeline.path("sourceAgentFinishMs").asLong()).isEqualTo(4);
            var vm = api().get("/vms/" + id);
            assertThat(vm.text("status")).isEqualTo("Up");
            assertThat(vm.text("hostId")).isEqualTo(targetId);
            assertThat(api().get("/vms/" + id + "/migration").body().path("downtimeMs").asLong()).isEqualTo(7);
            // the agent sends no last report: the completed migration's progress is whole all the same
            assertThat(api().get("/vms/" + id + "/migration").body().path("progress").path("percent").asInt()).isEqualTo(100);
            assertThat(api().get("/events?objectId=" + id).body().toString()).contains("the guest paused for 7 ms");
            // live stats come from the VM's own host: the copy the source still ends (then stopped) neither
            // replaces nor clears what the target reports
            target.send(AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().addVms(VmReport.newBuilder().setVmId(id)
                    .setState(VmRunState.RUNNING).setStats(dev.flotilla.protocol.v1.VmStats.newBuilder().setCpuPercent(12.5)))).build());
            eventually("the target's stats are shown", () -> api().get("/vms/" + id).body().path("stats").path("cpuPercent").asDouble() == 12.5);
            source.send(AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().addVms(VmReport.newBuilder().setVmId(id)
                    .setState(VmRunState.SHUTTING_DOWN).setStats(dev.flotilla.protocol.v1.VmStats.newBuilder().setCpuPercent(99)))).build());
            source.send(AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().addVms(VmReport.newBuilder().setVmId(id)
                    .setState(VmRunState.STOPPED))).build());
            // one stream per host is read in order: once the source's host figures of a later heartbeat show, its VM reports were read
            source.send(AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().setStats(dev.flotilla.protocol.v1.HostStats.newBuilder()
                    .setCpuPercent(77).setMemoryTotalMib(4096))).build());
            eventually("the source's reports were read", () -> api().get("/hosts/" + sourceId).body().path("stats").path("cpuPercent").asDouble() == 77);
            assertThat(api().get("/vms/" + id).body().path("stats").path("cpuPercent").asDouble()).isEqualTo(12.5);

            // back to the source, failing: the VM stays Up on the target and the incoming copy is stopped;
            // the call sets no parameters, so the cluster's migration defaults apply
            String cluster = "/clusters/" + vm.text("clusterId") + "/migrationdefaults";
            var set = api().put(cluster, "{\"maxDowntimeMs\":45,\"bandwidthMiBps\":512,\"autoConverge\":true}");
            assertThat(set.status()).as(set.body().toString()).isEqualTo(200);
            assertThat(set.body().path("effective").path("maxDowntimeMs").asInt()).isEqualTo(45);
            assertThat(set.body().path("effective").path("postCopy").asBoolean()).isFalse();
            // a wait over the limit is refused before anything starts
            var tooLong = api().post("/vms/" + id + "/migrate?wait=61", null);
            assertThat(tooLong.status()).isEqualTo(400);
            assertThat(tooLong.body().toString()).contains("wait");
            assertThat(api().get("/vms/" + id).text("status")).isEqualTo("Up");
            assertThat(api().get("/vms/" + id + "/migration").text("state")).isEqualTo("Completed");
            Command migrateBack;
            // this call waits for the migration's end (one call instead of a POST and a long poll)
            java.util.concurrent.CompletableFuture<ApiClient.Response> waited;
            try {
                waited = java.util.concurrent.CompletableFuture.supplyAsync(() -> api().post("/vms/" + id + "/migrate?wait=30", null));
                Command prepareBack = source.next(Command.ActionCase.PREPARE_INCOMING);
                source.send(AgentMessage.newBuilder().setResult(CommandResult.newBuilder().setCommandId(prepareBack.getCommandId())
                        .setOk(true).setIncomingPort(49153)).build());
                migrateBack = target.next(Command.ActionCase.MIGRATE_VM);
            } finally {
                api().put(cluster, "{}");
            }
            assertThat(migrateBack.getMigrateVm().getParameters().getMaxDowntimeMs()).isEqualTo(45);
            assertThat(migrateBack.getMigrateVm().getParameters().getMaxBandwidthBytesPerSecond()).isEqualTo(512L * 1024 * 1024);
            assertThat(migrateBack.getMigrateVm().getParameters().getAutoConverge()).isTrue();
            assertThat(api().get(cluster).body().path("effective").path("maxDowntimeMs").asInt()).isEqualTo(20);
            target.send(AgentMessage.newBuilder().setResult(CommandResult.newBuilder().setCommandId(migrateBack.getCommandId()).setOk(false)
                    .setErrorCode("DRIVER_FAILURE").setErrorMessage("the migration failed: connection reset")).build());
            Command cleanup = source.next(Command.ActionCase.STOP_VM);
            assertThat(cleanup.getStopVm().getVmId()).isEqualTo(id);
            source.send(AgentMessage.newBuilder().setResult(CommandResult.newBuilder().setCommandId(cleanup.getCommandId()).setOk(true)).build());

            eventually("the migration failed", () -> "Failed".equals(api().get("/vms/" + id + "/migration").text("state")));
            var answer = waited.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
            assertThat(answer.text("state")).isEqualTo("Failed");
            assertThat(api().get("/vms/" + id + "/migration").text("error")).contains("connection reset");
            assertThat(api().get("/vms/" + id).text("status")).isEqualTo("Up");
            assertThat(api().get("/vms/" + id).text("hostId")).isEqualTo(targetId).isNotEqualTo(sourceId);
            // the console's migration panel shows the steps the failed migration reached
            assertThat(dev.flotilla.manager.web.ConsolePages.page(httpPort, "/vms/" + id)).contains("vm-migration-steps", "targetReady");
            // whatever else the hosts were asked meanwhile, never to stop or start this VM
            assertThat(source.passedOver).doesNotContain("STOP_VM", "START_VM", "PREPARE_INCOMING", "MIGRATE_VM");
            assertThat(target.passedOver).doesNotContain("STOP_VM", "START_VM", "PREPARE_INCOMING", "MIGRATE_VM");
        }
    }
}
