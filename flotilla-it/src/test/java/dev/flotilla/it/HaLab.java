package dev.flotilla.it;

import dev.flotilla.agent.testlab.IpmiSim;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HA tests' own lab (not the storage lab, whose {@code up} tears its namespaces down): host
 * network namespaces {@code flotilla-ha-hostN} at 10.214.0.(10+N), each with a veth on a bridge
 * living in {@code flotilla-ha-br}, which the root namespace (the manager) joins at 10.214.0.1.
 * Every host has a BMC: an OpenIPMI {@code ipmi_sim} in the root namespace on 10.214.0.1:(6230+N),
 * whose chassis_control hook kills every process of the host's namespace on power off (the agent
 * and its QEMUs: a host losing power) and runs the host's start script on power on.
 * Cutting a host's veth on the bridge side is a partition.
 */
final class HaLab implements AutoCloseable {

    static final String PREFIX = "flotilla-ha";
    static final String NET = "10.214.0";
    static final String MANAGER_ADDRESS = NET + ".1";
    /** Nobody holds it: a BMC configured here is unreachable. */
    static final String UNREACHABLE = NET + ".250";
    static final String BMC_USER = "admin";
    static final String BMC_PASSWORD = "bmc-secret";

    record Host(int n, String name, String netns, String address, int bmcPort) {
    }

    private final Path dir;
    private final List<Host> hosts = new ArrayList<>();
    private final List<IpmiSim> bmcs = new ArrayList<>();

    private HaLab(Path dir) {
        this.dir = dir;
    }

    /** Removes what an earlier run left, then builds {@code count} hosts. */
    static HaLab up(Path dir, int count) {
        HaLab lab = new HaLab(dir);
        lab.teardown(count + 2);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            run("ip", "netns", "add", PREFIX + "-br");
            run("ip", "-n", PREFIX + "-br", "link", "add", "br0", "type", "bridge");
            run("ip", "-n", PREFIX + "-br", "link", "set", "br0", "up");
            for (int n = 1; n <= count; n++) {
                Host h = new Host(n, "ha-host" + n, PREFIX + "-host" + n, NET + "." + (10 + n), 6230 + n);
                run("ip", "netns", "add", h.netns());
                run("ip", "-n", PREFIX + "-br", "link", "add", "h" + n, "type", "veth", "peer", "name", "eth0", "netns", h.netns());
                run("ip", "-n", PREFIX + "-br", "link", "set", "h" + n, "master", "br0", "up");
                run("ip", "-n", h.netns(), "addr", "add", h.address() + "/24", "dev", "eth0");
                run("ip", "-n", h.netns(), "link", "set", "eth0", "up");
                run("ip", "-n", h.netns(), "link", "set", "lo", "up");
                lab.hosts.add(h);
            }
            run("ip", "link", "add", PREFIX + "0", "type", "veth", "peer", "name", "root", "netns", PREFIX + "-br");
            run("ip", "-n", PREFIX + "-br", "link", "set", "root", "master", "br0", "up");
            run("ip", "addr", "add", MANAGER_ADDRESS + "/24", "dev", PREFIX + "0");
            run("ip", "link", "set", PREFIX + "0", "up");
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    List<Host> hosts() {
        return hosts;
    }

    /** Starts host {@code h}'s BMC; on power on it runs {@code startCommand} detached in the host's namespace. */
    void startBmc(Host h, List<String> startCommand, Path startLog) {
        bmcs.add(IpmiSim.forNamespace(dir.resolve("bmc" + h.n()), PREFIX + "-bmc" + h.n(), MANAGER_ADDRESS, h.bmcPort(), BMC_USER,
                BMC_PASSWORD, h.netns(), startCommand, startLog));
    }

    /** Powers the host on by hand (what its BMC's power-on does): starts its agent again in its namespace. */
    void powerOn(Host h) {
        run("sh", dir.resolve("bmc" + h.n()).resolve("start.sh").toString());
    }

    /** Cuts (or restores) the host's only link: the manager and the other hosts can no longer reach it, nor it them. */
    void partition(Host h, boolean cut) {
        run("ip", "-n", PREFIX + "-br", "link", "set", "h" + h.n(), cut ? "down" : "up");
    }

    /** Whether anything runs in the host's namespace: what its BMC reads as power on. */
    boolean runs(Host h) {
        return !run("ip", "netns", "pids", h.netns()).isBlank();
    }

    /** Host death: every process of the host's namespace killed at once. */
    void kill(Host h) {
        String pids = run("ip", "netns", "pids", h.netns());
        for (String pid : pids.split("\\s+")) {
            if (!pid.isBlank()) {
                ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Override
    public void close() {
        bmcs.forEach(IpmiSim::close);
        teardown(hosts.size());
    }

    private void teardown(int count) {
        List<String> namespaces = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            namespaces.add(PREFIX + "-host" + n);
        }
        namespaces.add(PREFIX + "-br");
        for (String ns : namespaces) {
            try {
                for (String pid : run("ip", "netns", "pids", ns).split("\\s+")) {
                    if (!pid.isBlank()) {
                        ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            } catch (RuntimeException e) {
                // no such namespace
            }
        }
        quietly("ip", "link", "del", PREFIX + "0");
        namespaces.forEach(ns -> quietly("ip", "netns", "del", ns));
    }

    private static void quietly(String... argv) {
        try {
            run(argv);
        } catch (RuntimeException e) {
            // already gone
        }
    }

    static String run(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", argv) + " failed: " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
