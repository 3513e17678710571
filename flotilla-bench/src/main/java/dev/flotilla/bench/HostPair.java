package dev.flotilla.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The two "hosts" of a migration benchmark on one machine: either two network namespaces of its
 * own, each with one veth on a bridge (in a third namespace) that the root namespace also joins, so
 * a migration crosses a real (virtual) link between two network stacks; or plain loopback.
 *
 * <p>The namespaces are the benchmark's own ({@code flotilla-mb-*}, subnet 10.219.0.0/24 by
 * default), not the storage lab's: {@code tools/storage-lab/lab.sh up} starts by tearing down every
 * {@code flotilla-lab-*} namespace and the processes in it, and the storage tests run it, so a
 * benchmark inside the lab could lose its hosts midway. The guests here have no disk, so the
 * lab's NFS and iSCSI servers are not needed. The layout is the lab's: hosts at .11 and .12,
 * the root namespace (the manager) at .1.
 */
final class HostPair implements AutoCloseable {

    /** One host: the namespace its processes run in (null: the root namespace) and the address other hosts reach it at. */
    record Host(String name, String namespace, String address) {

        /** {@code argv} run inside this host's namespace. */
        List<String> inside(List<String> argv) {
            if (namespace == null) {
                return argv;
            }
            List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
            wrapped.addAll(argv);
            return wrapped;
        }
    }

    private final Host first;
    private final Host second;
    private final String managerAddress;
    private final String description;
    private final String prefix;

    private HostPair(Host first, Host second, String managerAddress, String description, String prefix) {
        this.first = first;
        this.second = second;
        this.managerAddress = managerAddress;
        this.description = description;
        this.prefix = prefix;
    }

    static HostPair loopback() {
        return new HostPair(new Host("host1", null, "127.0.0.1"), new Host("host2", null, "127.0.0.1"), "127.0.0.1",
                "loopback: both hosts in the root network namespace, migration over 127.0.0.1", null);
    }

    /** Creates the namespaces; refuses when namespaces of that prefix exist or the subnet is routed already. */
    static HostPair namespaces(String prefix, String net) throws IOException, InterruptedException {
        if ((prefix + "0").length() > 15) {
            throw new IllegalArgumentException("--namespace-prefix " + prefix + " is too long: the root link " + prefix + "0 must fit Linux's 15-character interface names");
        }
        String existing = run(List.of("ip", "netns", "list"));
        if (existing.contains(prefix + "-")) {
            throw new IllegalStateException("network namespaces named " + prefix + "-* exist already (another run, or one that crashed?): "
                    + existing.replace('\n', ' ') + "; remove them (ip netns del NAME; ip link del " + prefix + "0) or pass --namespace-prefix");
        }
        String routes = run(List.of("ip", "-4", "route", "show"));
        if (routes.lines().anyMatch(l -> l.startsWith(net + "."))) {
            throw new IllegalStateException("the root namespace already routes " + net + ".0/24; pass --subnet with another /24 prefix");
        }
        String bridge = prefix + "-br";
        String rootLink = prefix + "0";
        HostPair pair = new HostPair(new Host("host1", prefix + "-host1", net + ".11"), new Host("host2", prefix + "-host2", net + ".12"),
                net + ".1", "namespaces: %s (%s) and %s (%s), veth pairs on a bridge in %s; the manager in the root namespace at %s (link %s)"
                        .formatted(prefix + "-host1", net + ".11", prefix + "-host2", net + ".12", bridge, net + ".1", rootLink), prefix);
        try {
            run(List.of("ip", "netns", "add", bridge));
            run(List.of("ip", "-n", bridge, "link", "add", "br0", "type", "bridge"));
            run(List.of("ip", "-n", bridge, "link", "set", "br0", "up"));
            run(List.of("ip", "-n", bridge, "link", "set", "lo", "up"));
            for (Host h : List.of(pair.first, pair.second)) {
                run(List.of("ip", "netns", "add", h.namespace()));
                run(List.of("ip", "-n", bridge, "link", "add", h.name(), "type", "veth", "peer", "name", "eth0", "netns", h.namespace()));
                run(List.of("ip", "-n", bridge, "link", "set", h.name(), "master", "br0", "up"));
                run(List.of("ip", "-n", h.namespace(), "addr", "add", h.address() + "/24", "dev", "eth0"));
                run(List.of("ip", "-n", h.namespace(), "link", "set", "eth0", "up"));
                run(List.of("ip", "-n", h.namespace(), "link", "set", "lo", "up"));
            }
            run(List.of("ip", "link", "add", rootLink, "type", "veth", "peer", "name", "root", "netns", bridge));
            run(List.of("ip", "-n", bridge, "link", "set", "root", "master", "br0", "up"));
            run(List.of("ip", "addr", "add", net + ".1/24", "dev", rootLink));
            run(List.of("ip", "link", "set", rootLink, "up"));
        } catch (IOException | RuntimeException e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    Host first() {
        return first;
    }

    Host second() {
        return second;
    }

    Host other(Host h) {
        return h.equals(first) ? second : first;
    }

    String managerAddress() {
        return managerAddress;
    }

    String description() {
        return description;
    }

    /** Cuts (or restores) the host's link on the bridge: a partition from the manager and the other host (HaBench). */
    void cut(Host h, boolean cut) throws IOException, InterruptedException {
        run(List.of("ip", "-n", prefix + "-br", "link", "set", h.name(), cut ? "down" : "up"));
    }

    /** Milliseconds that {@code ip netns exec NS true} takes: what entering a namespace adds to a raw QEMU launch. */
    double enterCostMs() throws IOException, InterruptedException {
        if (first.namespace() == null) {
            return 0;
        }
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            run(first.inside(List.of("true")));
            best = Math.min(best, System.nanoTime() - t);
        }
        return best / 1e6;
    }

    /** Ends what still runs in the benchmark's namespaces (all of it started by the benchmark) and removes them. */
    @Override
    public void close() {
        if (prefix == null) {
            return;
        }
        List<String> namespaces = List.of(prefix + "-host1", prefix + "-host2", prefix + "-br");
        for (String ns : namespaces) {
            try {
                for (String pid : run(List.of("ip", "netns", "pids", ns)).split("\\s+")) {
                    if (!pid.isBlank()) {
                        ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                // no such namespace: nothing runs there
            }
        }
        quietly(List.of("ip", "link", "del", prefix + "0"));
        for (String ns : namespaces) {
            quietly(List.of("ip", "netns", "del", ns));
        }
    }

    private static void quietly(List<String> argv) {
        try {
            run(argv);
        } catch (IOException | InterruptedException | RuntimeException e) {
            // already gone
        }
    }

    /** Runs a command to its end; its output, or an IOException with it when it fails. */
    static String run(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", argv) + " did not finish within 30 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + " failed (" + p.exitValue() + "): " + out.trim());
        }
        return out;
    }
}
