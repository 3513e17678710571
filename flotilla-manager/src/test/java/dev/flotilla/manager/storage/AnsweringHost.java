package dev.flotilla.manager.storage;

import dev.flotilla.manager.agentlink.FakeAgent;
import dev.flotilla.manager.api.ApiClient;
import dev.flotilla.protocol.v1.AgentMessage;
import dev.flotilla.protocol.v1.Command;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.Heartbeat;
import dev.flotilla.protocol.v1.HostStats;
import dev.flotilla.protocol.v1.ManagerMessage;
import dev.flotilla.protocol.v1.VmEvent;
import dev.flotilla.protocol.v1.VmReport;
import dev.flotilla.protocol.v1.VmRunState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.springframework.context.ApplicationContext;

/**
 * A fake host for storage tests: Up, heartbeating every second, answering every command with
 * {@link #answer} (ok by default) and keeping what it was asked. A started VM is reported running, a
 * VM migrated in too, a VM migrated away no more; heartbeats carry {@link #cpuPercent}.
 */
public final class AnsweringHost implements AutoCloseable {

    final FakeAgent agent;
    public final String id;
    public final List<Command> commands = new CopyOnWriteArrayList<>();
    /** What the heartbeats report: each VM the host has, in its state. */
    final Map<String, VmRunState> running = new ConcurrentHashMap<>();
    /** The answer to each command; null: the host takes it and never answers. */
    public volatile Function<Command, CommandResult.Builder> answer = c -> CommandResult.newBuilder().setOk(true);
    /** The host's CPU load its heartbeats report (the balancing loop reads it). */
    public volatile double cpuPercent = 5;
    /** What the heartbeats say of the storage domains the host watches. */
    public volatile List<dev.flotilla.protocol.v1.DomainHealth> domains = List.of();
    /** Why a VM's storage stalls, by VM id, as the heartbeats report it. */
    public final Map<String, String> stalls = new ConcurrentHashMap<>();
    /** The volumes a VM's disks run on, by VM id, as the heartbeats report them. */
    public final Map<String, List<dev.flotilla.protocol.v1.DiskVolumeInUse>> diskVolumes = new ConcurrentHashMap<>();
    /** Kinds of command the host takes and never answers, as a host does whose work outlives the manager that asked. */
    public final java.util.Set<Command.ActionCase> unanswered = ConcurrentHashMap.newKeySet();
    private volatile boolean open = true;
    private final Thread worker;

    public AnsweringHost(ApplicationContext context, ApiClient api, String prefix) throws Exception {
        String name = prefix + "-" + Long.toHexString(System.nanoTime());
        String token = api.post("/hosts/enrollment-tokens", null).text("token");
        this.agent = FakeAgent.enrolledAndWelcomed(context, name, token);
        this.worker = new Thread(this::serve, "answering-" + name);
        worker.setDaemon(true);
        worker.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(40));
        String found = null;
        while (Instant.now().isBefore(deadline)) {
            var host = api.get("/hosts?name=" + name).body().path("items").path(0);
            if ("Up".equals(host.path("status").asString())) {
                found = host.path("id").asString();
                break;
            }
            Thread.sleep(100);
        }
        if (found == null) {
            throw new AssertionError("host " + name + " did not come Up");
        }
        this.id = found;
    }

    /** From the next heartbeat on, the host reports {@code vm} in {@code state}. */
    public void reports(String vm, VmRunState state) {
        running.put(vm, state);
    }

    /** QEMU paused {@code vm} for {@code reason} (an event now, the state in the next heartbeats). */
    public void paused(String vm, String reason) {
        running.put(vm, VmRunState.PAUSED);
        agent.send(AgentMessage.newBuilder().setVmEvent(VmEvent.newBuilder().setVmId(vm).setState(VmRunState.PAUSED).setReason(reason)).build());
    }

    /** From the next heartbeat on, the host no longer has {@code vm}. */
    public void forgets(String vm) {
        running.remove(vm);
    }

    /** The domain lists the manager told this host to watch, oldest first. */
    public java.util.concurrent.BlockingQueue<dev.flotilla.protocol.v1.WatchDomains> watches() {
        return agent.watches;
    }

    /** Reads until {@code wanted} holds (30 s at most), for tests that wait on what the manager makes of these hosts' reports. */
    public static tools.jackson.databind.JsonNode await(String what, java.util.function.Supplier<tools.jackson.databind.JsonNode> read,
                                                         java.util.function.Predicate<tools.jackson.databind.JsonNode> wanted)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        tools.jackson.databind.JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = read.get();
            if (wanted.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what + "; last: " + last);
    }

    /** The commands of one kind the host was asked, in order. */
    public List<Command> asked(Command.ActionCase kind) {
        return commands.stream().filter(c -> c.getActionCase() == kind).toList();
    }

    private void serve() {
        long lastBeat = 0;
        while (open) {
            try {
                if (System.nanoTime() - lastBeat > 1_000_000_000L) {
                    Heartbeat.Builder beat = Heartbeat.newBuilder().setStats(HostStats.newBuilder().setCpuPercent(cpuPercent)
                            .setMemoryTotalMib(16384).setMemoryUsedMib(1024));
                    running.forEach((vm, state) -> beat.addVms(VmReport.newBuilder().setVmId(vm).setState(state)
                            .setStorageStall(stalls.getOrDefault(vm, "")).addAllDiskVolumes(diskVolumes.getOrDefault(vm, List.of()))));
                    beat.addAllDomains(domains);
                    agent.send(AgentMessage.newBuilder().setHeartbeat(beat).build());
                    lastBeat = System.nanoTime();
                }
                ManagerMessage m = agent.poll(200);
                if (m == null || !m.hasCommand()) {
                    continue;
                }
                Command c = m.getCommand();
                commands.add(c);
                if (unanswered.contains(c.getActionCase())) {
                    continue;
                }
                CommandResult.Builder answered = answer.apply(c);
                if (answered == null) {
                    continue;  // a host that took the command and never answers (the manager stopped, the answer was lost)
                }
                CommandResult.Builder result = answered.setCommandId(c.getCommandId());
                if (c.hasStartVm() && result.getOk()) {
                    String vm = c.getStartVm().getSpec().getVmId();
                    running.put(vm, VmRunState.RUNNING);
                    agent.send(AgentMessage.newBuilder().setVmEvent(VmEvent.newBuilder().setVmId(vm).setState(VmRunState.RUNNING)).build());
                }
                if (c.hasPrepareIncoming() && result.getOk()) {
                    running.put(c.getPrepareIncoming().getSpec().getVmId(), VmRunState.RUNNING);
                }
                if (c.hasMigrateVm() && result.getOk()) {
                    running.remove(c.getMigrateVm().getVmId());
                }
                if (c.hasStopVm()) {
                    String vm = c.getStopVm().getVmId();
                    running.remove(vm);
                    agent.send(AgentMessage.newBuilder().setVmEvent(VmEvent.newBuilder().setVmId(vm).setState(VmRunState.STOPPED)
                            .setReason("powered off")).build());
                }
                agent.send(AgentMessage.newBuilder().setResult(result).build());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (open) {
                    System.err.println("answering host: " + e);
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        open = false;
        worker.join(5_000);
        agent.close();
    }
}
