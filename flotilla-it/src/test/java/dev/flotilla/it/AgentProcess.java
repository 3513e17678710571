package dev.flotilla.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A host agent in a process of its own, on the qemu driver with TCG (the same on every machine,
 * KVM or not). It enrolls with a token on its first start; started again on the same state
 * directory it reconnects with the certificate it keeps there, and re-attaches to its QEMUs.
 */
final class AgentProcess {

    private final String name;
    private final Path stateDir;
    private final int managerPort;
    private final String portRange;
    private final Path log;
    private final JavaProcess process;
    /** The network namespace the agent (and so its QEMUs) runs in, and the manager's address from there; null: the root namespace. */
    private final String netns;
    private final String managerHost;

    private AgentProcess(String name, Path stateDir, int managerPort, String portRange, Path log, String token) {
        this(name, stateDir, null, "localhost", managerPort, portRange, log, token);
    }

    private AgentProcess(String name, Path stateDir, String netns, String managerHost, int managerPort, String portRange, Path log,
                         String token) {
        this.netns = netns;
        this.managerHost = managerHost;
        this.name = name;
        this.stateDir = stateDir;
        this.managerPort = managerPort;
        this.portRange = portRange;
        this.log = log;
        List<String> args = new ArrayList<>(List.of("--name", name, "--state-dir", stateDir.toString(),
                "--manager", managerHost + ":" + managerPort, "--driver", "qemu", "--accel", "tcg", "--port-range", portRange));
        if (token != null) {
            args.addAll(List.of("--token", token));
        }
        this.process = JavaProcess.start("agent " + name, netns == null ? List.of() : netnsPrefix(netns), Repo.agentJar(), args, Map.of(), log);
    }

    /** {@code ip netns exec NS}: what runs a command inside a host's network namespace. */
    static List<String> netnsPrefix(String netns) {
        return List.of("ip", "netns", "exec", netns);
    }

    /** First start inside network namespace {@code netns}, reaching the manager at {@code managerHost} (an address of the root namespace). */
    static AgentProcess enrollIn(String netns, String managerHost, String name, Path stateDir, int managerPort, String portRange,
                                 Path log, String token) {
        return new AgentProcess(name, stateDir, netns, managerHost, managerPort, portRange, log, token);
    }

    /** The namespace this agent runs in, or null. */
    String netns() {
        return netns;
    }

    /** The command line that starts this agent again (no token), for a BMC's power-on hook. */
    List<String> restartCommand() {
        List<String> command = new ArrayList<>(netns == null ? List.of() : netnsPrefix(netns));
        command.addAll(List.of(Repo.java(), "-jar", Repo.agentJar().toString(), "--name", name, "--state-dir", stateDir.toString(),
                "--manager", managerHost + ":" + managerPort, "--driver", "qemu", "--accel", "tcg", "--port-range", portRange));
        return command;
    }

    Path log() {
        return log;
    }

    /** First start: enrolls with {@code token}. */
    static AgentProcess enroll(String name, Path stateDir, int managerPort, String portRange, Path log, String token) {
        return new AgentProcess(name, stateDir, managerPort, portRange, log, token);
    }

    /** A later start on the same state directory: no token, the stored certificate. */
    AgentProcess startAgain() {
        return new AgentProcess(name, stateDir, netns, managerHost, managerPort, portRange, log, null);
    }

    String name() {
        return name;
    }

    boolean alive() {
        return process.alive();
    }

    /** kill -9: no chance to tidy up, as when the agent crashes or the OOM killer picks it. */
    void kill() {
        process.kill();
    }

    void stop() {
        process.stop();
    }

    Path serialLog(String vmId) {
        return stateDir.resolve("vms").resolve(vmId).resolve("serial.log");
    }

    /** The end of the VM's qemu.log on this host (what QEMU said, and each launch's command line), or why there is none. */
    String qemuLogTail(String vmId, int bytes) {
        Path log = stateDir.resolve("vms").resolve(vmId).resolve("qemu.log");
        try {
            byte[] all = java.nio.file.Files.readAllBytes(log);
            return new String(all, Math.max(0, all.length - bytes), Math.min(bytes, all.length), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "(no " + log + ": " + e + ")";
        }
    }

    /** The pid QEMU wrote for this VM, if it runs. */
    Optional<Long> qemuPid(String vmId) {
        return readPid(stateDir.resolve("vms").resolve(vmId).resolve("qemu.pid"));
    }

    /** Every QEMU this agent left running, killed: they live in sessions of their own and outlive the agent. */
    void killQemus() {
        Path vms = stateDir.resolve("vms");
        if (!Files.isDirectory(vms)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(vms)) {
            dirs.map(d -> d.resolve("qemu.pid")).map(AgentProcess::readPid).flatMap(Optional::stream)
                    .flatMap(pid -> ProcessHandle.of(pid).stream())
                    // a pid file left from a VM that is gone may name a recycled pid: only kill QEMU
                    .filter(p -> p.info().command().map(c -> c.contains("qemu")).orElse(false))
                    .forEach(ProcessHandle::destroyForcibly);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String logTail(int lines) {
        return process.logTail(lines);
    }

    private static Optional<Long> readPid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
