package dev.flotilla.manager.agentlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.manager.api.ApiClient;
import dev.flotilla.protocol.v1.AgentMessage;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.Heartbeat;
import dev.flotilla.protocol.v1.Hello;
import dev.flotilla.protocol.v1.ManagerMessage;
import dev.flotilla.protocol.v1.VmEvent;
import dev.flotilla.protocol.v1.VmReport;
import dev.flotilla.protocol.v1.VmRunState;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BooleanSupplier;
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
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
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
            Thread answerer = new Thread(() -> {
                try {
                    ManagerMessage m = a.next();
                    assertThat(m.getCommand().getStartVm().getSpec().getVmId()).isEqualTo(id);
                    a.send(AgentMessage.newBuilder().setVmEvent(VmEvent.newBuilder().setVmId(id).setState(VmRunState.RUNNING)).build());
                    a.send(AgentMessage.newBuilder().setResult(CommandResult.newBuilder().setCommandId(m.getCommand().getCommandId()).setOk(true)).build());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            answerer.start();

            var started = api().post("/vms/" + id + "/start", null);
            answerer.join();

            assertThat(started.status()).isEqualTo(200);
            eventually("the VM is Up (after the powering-up delay)", () -> {
                a.send(AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                        .addVms(VmReport.newBuilder().setVmId(id).setState(VmRunState.RUNNING))).build());
                return "Up".equals(api().get("/vms/" + id).text("status"));
            });

            a.send(AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                    .addVms(VmReport.newBuilder().setVmId(id).setState(VmRunState.STOPPED).setReason("guest powered off"))).build());
            eventually("the VM is Down", () -> "Down".equals(api().get("/vms/" + id).text("status")));
            assertThat(api().get("/vms/" + id).text("statusReason")).isEqualTo("guest powered off");
        }
    }

    @Test
    void aStartTheHostRefusesEndsDownWithTheHostsReason() throws Exception {
        try (FakeAgent a = upAgent("refuser")) {
            String id = api().post("/vms", "{\"name\":\"%s\"}".formatted("vm-" + a.name)).text("id");
            Thread answerer = new Thread(() -> {
                try {
                    ManagerMessage m = a.next();
                    a.send(AgentMessage.newBuilder().setResult(CommandResult.newBuilder().setCommandId(m.getCommand().getCommandId())
                            .setOk(false).setErrorCode("INVALID_SPEC").setErrorMessage("kernel file /nope/vmlinuz does not exist")).build());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            answerer.start();

            var r = api().post("/vms/" + id + "/start", null);
            answerer.join();

            assertThat(r.status()).isEqualTo(409);
            assertThat(r.text("detail")).contains("/nope/vmlinuz");
            assertThat(api().get("/vms/" + id).text("status")).isEqualTo("Down");
            assertThat(api().get("/events?objectId=" + id).body().path("items").findValuesAsString("message"))
                    .anySatisfy(m -> assertThat(m).contains("/nope/vmlinuz"));
        }
    }

    @Test
    void aClosedStreamMakesTheHostConnectingAndItsVmsNotResponding() throws Exception {
        FakeAgent a = upAgent("leaver");
        a.close();
        eventually("the host is Connecting", () -> "Connecting".equals(hostStatus(a.name)));
    }
}
