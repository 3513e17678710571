package dev.flotilla.agent.managerlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.agent.Agent;
import dev.flotilla.agent.AgentConfig;
import dev.flotilla.agent.AgentRuntime;
import dev.flotilla.agent.driver.simulated.SimulatedDriverConfig;
import dev.flotilla.protocol.v1.BootSpec;
import dev.flotilla.protocol.v1.Command;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.Hello;
import dev.flotilla.protocol.v1.StartVm;
import dev.flotilla.protocol.v1.VmAction;
import dev.flotilla.protocol.v1.VmEvent;
import dev.flotilla.protocol.v1.VmRunState;
import dev.flotilla.protocol.v1.VmSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent against a manager on a real port with real TLS: enrollment, the stream, commands, reconnection. */
class ManagerLinkTest {

    // generous: CI machines have 2 cores and TLS handshakes of a hundred agents queue up under load
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    @TempDir
    Path dir;
    private AgentRuntime runtime;
    private TestCa ca;
    private FakeManager manager;

    @BeforeEach
    void setUp() throws Exception {
        runtime = AgentRuntime.create(1, 2);
        ca = new TestCa("flotilla test CA");
        manager = new FakeManager(ca, dir.resolve("manager"), 0);
    }

    @AfterEach
    void tearDown() throws Exception {
        manager.close();
        runtime.close();
    }

    @Test
    void enrollsConnectsRunsCommandsAndReconnectsAfterTheManagerRestarts() throws Exception {
        Path state = dir.resolve("agent");
        EnrollmentToken token = EnrollmentToken.parse(FakeManager.TOKEN_SECRET + "." + ca.caSha256());
        try (Agent agent = Agent.simulated(config("host-a", state, token, null), simulated(state), runtime)) {
            agent.start().get(30, TimeUnit.SECONDS);

            assertThat(manager.enrollments.poll(10, TimeUnit.SECONDS).getHostName()).isEqualTo("host-a");
            assertThat(agent.hostId()).contains(FakeManager.HOST_ID);
            Path pki = state.resolve("pki");
            for (String file : new String[] {"agent.key", "agent.crt", "ca.crt", "host-id"}) {
                assertThat(pki.resolve(file)).isRegularFile();
            }
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.resolve("agent.key")))).isEqualTo("rw-------");
            assertThat(Files.readString(pki.resolve("agent.key"))).startsWith("-----BEGIN PRIVATE KEY-----");

            Hello hello = manager.hellos.poll(30, TimeUnit.SECONDS);
            assertThat(hello).isNotNull();
            assertThat(manager.helloPeers.poll()).isEqualTo(FakeManager.HOST_ID); // the stream ran over mutual TLS
            assertThat(hello.getProtocolVersion()).isEqualTo(1);
            assertThat(hello.getFacts().getDriver()).isEqualTo("simulated");
            assertThat(hello.getFacts().getCpuCores()).isEqualTo(4);
            assertThat(hello.getFacts().getMemoryMib()).isEqualTo(4096);
            assertThat(hello.getFacts().getAddress()).isEqualTo("127.0.0.1");
            waitUntil("connected", agent::isConnected);
            waitUntil("two heartbeats", () -> manager.heartbeats.get() >= 2);

            UUID vm = UUID.randomUUID();
            manager.send(start("c-1", vm, 1024));
            CommandResult started = awaitResult(manager.results, "c-1");
            assertThat(started.getOk()).as(started.getErrorMessage()).isTrue();
            VmEvent running = await(manager.events, e -> e.getVmId().equals(vm.toString()));
            assertThat(running.getState()).isEqualTo(VmRunState.RUNNING);
            waitUntil("the VM in a heartbeat", () -> manager.lastHeartbeatVms.get() == 1);

            manager.send(start("c-2", UUID.randomUUID(), 8192));
            CommandResult refused = awaitResult(manager.results, "c-2");
            assertThat(refused.getOk()).isFalse();
            assertThat(refused.getErrorCode()).isEqualTo("INVALID_SPEC");
            assertThat(refused.getErrorMessage()).contains("8192 MiB");

            manager.send(Command.newBuilder().setCommandId("c-3").setPauseVm(VmAction.newBuilder().setVmId(vm.toString())).build());
            assertThat(awaitResult(manager.results, "c-3").getOk()).isTrue();
            assertThat(await(manager.events, e -> e.getState() == VmRunState.PAUSED).getVmId()).isEqualTo(vm.toString());

            manager.send(Command.newBuilder().setCommandId("c-4").setScreenshotVm(VmAction.newBuilder().setVmId(vm.toString())).build());
            CommandResult screenshot = awaitResult(manager.results, "c-4");
            assertThat(screenshot.getOk()).as(screenshot.getErrorMessage()).isTrue();
            assertThat(screenshot.getPayloadType()).isEqualTo("image/png");
            assertThat(ImageIO.read(screenshot.getPayload().newInput())).isNotNull();

            int port = manager.port();
            manager.close();
            manager = new FakeManager(ca, dir.resolve("manager2"), port);

            Hello again = manager.hellos.poll(30, TimeUnit.SECONDS);
            assertThat(again).as("Hello after the manager restarted").isNotNull();
            assertThat(again.getVmsList()).anySatisfy(r -> {
                assertThat(r.getVmId()).isEqualTo(vm.toString());
                assertThat(r.getState()).isEqualTo(VmRunState.PAUSED);
            });
            waitUntil("connected again", agent::isConnected);
            assertThat(manager.enrollments).as("no second enrollment").isEmpty();
        }
    }

    @Test
    void aWrongCaHashInTheTokenIsRefusedBeforeAnythingIsSent() throws Exception {
        Path state = dir.resolve("agent");
        EnrollmentToken token = EnrollmentToken.parse(FakeManager.TOKEN_SECRET + "." + "ab".repeat(32));
        try (Agent agent = Agent.simulated(config("host-b", state, token, null), simulated(state), runtime)) {
            assertThatThrownBy(() -> agent.start().join())
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(EnrollmentException.class)
                    .hasMessageContaining("does not contain the CA with SHA-256 " + "ab".repeat(32))
                    .hasMessageContaining(ca.caSha256());
        }
        assertThat(manager.enrollments).isEmpty();
        assertThat(state.resolve("pki/host-id")).doesNotExist();
    }

    @Test
    void aRefusedTokenEndsEnrollmentWithTheManagersReason() throws Exception {
        Path state = dir.resolve("agent");
        EnrollmentToken token = EnrollmentToken.parse("used." + ca.caSha256());
        try (Agent agent = Agent.simulated(config("host-c", state, token, null), simulated(state), runtime)) {
            assertThatThrownBy(() -> agent.start().join())
                    .cause().isInstanceOf(EnrollmentException.class)
                    .hasMessageContaining("UNAUTHENTICATED")
                    .hasMessageContaining("unknown or used token");
        }
    }

    @Test
    void withoutATokenTheAgentWaitsForApprovalWithTheSameKey() throws Exception {
        manager.pendingAnswers.set(1);
        Path state = dir.resolve("agent");
        try (Agent agent = Agent.simulated(config("host-d", state, null, ca.caSha256()), simulated(state), runtime)) {
            agent.start().get(30, TimeUnit.SECONDS);
            assertThat(agent.hostId()).contains(FakeManager.HOST_ID);
            String first = manager.enrollments.poll(1, TimeUnit.SECONDS).getCsrPem();
            String second = manager.enrollments.poll(1, TimeUnit.SECONDS).getCsrPem();
            assertThat(second).isEqualTo(first);
            waitUntil("connected", agent::isConnected);
        }
    }

    @Test
    void aHundredAgentsShareTheRuntimesThreads() throws Exception {
        EnrollmentToken token = EnrollmentToken.parse(FakeManager.TOKEN_SECRET + "." + ca.caSha256());
        List<Agent> agents = new ArrayList<>();
        try {
            Agent first = Agent.simulated(config("sim-0", dir.resolve("sim-0"), token, null), simulated(dir.resolve("sim-0")), runtime);
            agents.add(first);
            first.start().get(30, TimeUnit.SECONDS);
            waitUntil("the first agent connected", first::isConnected);
            int threadsWithOne = Thread.activeCount();
            for (int i = 1; i < 100; i++) {
                Path state = dir.resolve("sim-" + i);
                Agent agent = Agent.simulated(config("sim-" + i, state, token, null), simulated(state), runtime);
                agents.add(agent);
                agent.start();
            }
            waitUntil("all connected", () -> agents.stream().allMatch(Agent::isConnected));
            // The count includes the in-JVM fake manager's own pool, which grows with concurrent calls;
            // a thread per agent would add at least 99, so staying well under that proves sharing.
            assertThat(Thread.activeCount() - threadsWithOne).as("threads added by 99 more agents").isLessThan(50);
        } finally {
            agents.forEach(Agent::close);
        }
    }

    private AgentConfig config(String name, Path state, EnrollmentToken token, String caHash) {
        return new AgentConfig(name, state, new ManagerAddress("127.0.0.1", manager.port()), token, caHash, null, 5900, 5999);
    }

    private static SimulatedDriverConfig simulated(Path state) {
        return new SimulatedDriverConfig(4, 4096, 5900, 5999, dev.flotilla.agent.driver.simulated.SimulatedFaults.NONE,
                Duration.ofMillis(100), state);
    }

    private static Command start(String id, UUID vm, long memoryMiB) {
        return Command.newBuilder().setCommandId(id).setStartVm(StartVm.newBuilder().setSpec(VmSpec.newBuilder()
                .setVmId(vm.toString()).setName("vm-" + id).setCpus(2).setMemoryMib(memoryMiB)
                .setBoot(BootSpec.newBuilder()))).build();
    }

    private static CommandResult awaitResult(BlockingQueue<CommandResult> results, String id) throws InterruptedException {
        return await(results, r -> r.getCommandId().equals(id));
    }

    private static <T> T await(BlockingQueue<T> queue, Predicate<T> wanted) throws InterruptedException {
        Instant end = Instant.now().plus(DEADLINE);
        while (Instant.now().isBefore(end)) {
            T next = queue.poll(100, TimeUnit.MILLISECONDS);
            if (next != null && wanted.test(next)) {
                return next;
            }
        }
        throw new AssertionError("nothing matching arrived within " + DEADLINE);
    }

    private static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        Instant end = Instant.now().plus(DEADLINE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("not " + what + " within " + DEADLINE);
            }
            Thread.sleep(20);
        }
    }
}
