package dev.flotilla.agent.fingerprint;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** What this machine is, independent of the hypervisor driver. */
public record HostFingerprint(String hostname, String cpuModel, String cpuFlags, int logicalCpus,
                              long memoryMiB, String os, String kernel) {

    /** Reads /proc and /etc of this machine; a missing file gives a neutral value rather than failing the agent. */
    public static HostFingerprint probe() {
        return probe(Path.of("/"));
    }

    /** @param root the file system root; a directory of sample files in tests */
    public static HostFingerprint probe(Path root) {
        FactParsers.CpuInfo cpu = FactParsers.parseCpuinfo(read(root, "proc/cpuinfo", ""));
        int cpus = cpu.logicalCpus() > 0 ? cpu.logicalCpus() : Runtime.getRuntime().availableProcessors();
        String meminfo = read(root, "proc/meminfo", "");
        long memory = meminfo.isEmpty() ? Runtime.getRuntime().maxMemory() / (1024 * 1024) : FactParsers.parseMemTotalMiB(meminfo);
        String os = FactParsers.parseOsRelease(read(root, "etc/os-release", ""));
        String kernel = read(root, "proc/sys/kernel/osrelease", System.getProperty("os.version")).trim();
        return new HostFingerprint(hostname(root), cpu.model(), cpu.flags(), cpus, memory, os, kernel);
    }

    /** The kernel's host name first: InetAddress.getLocalHost() may wait on DNS. */
    static String hostname(Path root) {
        String name = read(root, "proc/sys/kernel/hostname", "").trim();
        if (!name.isEmpty()) {
            return name;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** The host name this machine calls itself; the default agent name. */
    public static String localHostname() {
        return hostname(Path.of("/"));
    }

    private static String read(Path root, String relative, String fallback) {
        try {
            return Files.readString(root.resolve(relative));
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
    }
}
