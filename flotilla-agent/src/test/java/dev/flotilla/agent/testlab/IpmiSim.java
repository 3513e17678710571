package dev.flotilla.agent.testlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * One OpenIPMI {@code ipmi_sim} BMC for tests (apt-get install openipmi): a LAN interface on
 * {@code address:port} that takes one admin user, with IPMI 2.0 (lanplus, cipher 3), and a
 * {@code chassis_control} hook, the shell script the caller writes, that ipmi_sim runs as
 * {@code hook 0x20 get power boot} (it prints {@code power:0|1}) and {@code hook 0x20 set power 0|1}.
 * The agent's fence test and the HA fleet's BMCs both start theirs here.
 */
public final class IpmiSim implements AutoCloseable {

    private final Process process;

    private IpmiSim(Process process) {
        this.process = process;
    }

    /** Writes the configuration into {@code dir} (the hook as {@code chassis.sh}) and starts the BMC. */
    public static IpmiSim start(Path dir, String name, String address, int port, String user, String password, String chassisHook) {
        try {
            Files.createDirectories(dir);
            Path chassis = dir.resolve("chassis.sh");
            Files.writeString(chassis, chassisHook);
            Files.setPosixFilePermissions(chassis, PosixFilePermissions.fromString("rwx------"));
            Files.writeString(dir.resolve("lan.conf"), """
                    name "%s"
                    set_working_mc 0x20
                      startlan 1
                        addr %s %d
                        priv_limit admin
                        allowed_auths_callback none md2 md5 straight
                        allowed_auths_user none md2 md5 straight
                        allowed_auths_operator none md2 md5 straight
                        allowed_auths_admin none md2 md5 straight
                        guid a123456789abcdefa123456789abcdef
                      endlan
                      chassis_control "%s 0x20"
                      user 2 true "%s" "%s" admin 10 none md2 md5 straight
                    """.formatted(name, address, port, chassis, user, password));
            Files.writeString(dir.resolve("sim.emu"), """
                    mc_setbmc 0x20
                    mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr
                    mc_enable 0x20
                    """);
            return new IpmiSim(new ProcessBuilder("ipmi_sim", "-c", dir.resolve("lan.conf").toString(), "-f", dir.resolve("sim.emu").toString(),
                    "-n", "-s", dir.resolve("state").toString()).redirectErrorStream(true).redirectOutput(dir.resolve("ipmi_sim.log").toFile())
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the BMC " + name + " (apt-get install openipmi)", e);
        }
    }

    /**
     * The BMC of a test host that is a network namespace: its power is whether the namespace runs
     * anything; power off kills every process in it (the host loses power), power on runs
     * {@code startCommand} detached (written to {@code dir/start.sh}, output appended to
     * {@code startLog}) when nothing runs there: the host boots and starts its agent.
     */
    public static IpmiSim forNamespace(Path dir, String name, String address, int port, String user, String password, String netns,
                                       java.util.List<String> startCommand, Path startLog) {
        Path startScript = dir.resolve("start.sh");
        try {
            Files.createDirectories(dir);
            Files.writeString(startScript, "#!/bin/sh\nsetsid " + String.join(" ", startCommand) + " >> " + startLog + " 2>&1 < /dev/null &\n");
            Files.setPosixFilePermissions(startScript, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the power-on script of " + name, e);
        }
        return start(dir, name, address, port, user, password, """
                #!/bin/sh
                # ipmi_sim's chassis_control hook for host %1$s: the host's power is whether its namespace runs anything
                op=$2; shift 2
                case $op in
                  get) for p in "$@"; do case $p in
                         power) if [ -n "$(ip netns pids %1$s)" ]; then echo power:1; else echo power:0; fi;;
                         boot) echo boot:default;; esac; done;;
                  set) while [ $# -ge 2 ]; do
                         if [ "$1" = power ] && [ "$2" = 0 ]; then ip netns pids %1$s | xargs -r kill -9; fi
                         if [ "$1" = power ] && [ "$2" = 1 ] && [ -z "$(ip netns pids %1$s)" ]; then %2$s; fi
                         shift 2; done;;
                  *) exit 1;;
                esac
                """.formatted(netns, startScript));
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
