package dev.flotilla.manager.host;

/** What a host's agent says about its machine and hypervisor. */
public record HostFacts(String hostname, String cpuModel, int cpuCores, long memoryMiB, String driver, String accel,
                        String hypervisorVersion, String os, String kernel, String address) {

    public static final HostFacts UNKNOWN = new HostFacts("", "", 0, 0, "", "", "", "", "", "");
}
