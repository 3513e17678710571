package dev.flotilla.manager.fencing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The manager as the last fence proxy: runs Debian's {@code fence_ipmilan} on the manager's own
 * machine when no other Up host of the cluster or data center can (a one-host cluster, a whole
 * cluster down). Same contract as the agents' runner: options on standard input (the password never
 * shows in {@code ps}); status exits 0 for on, 2 for off; anything else non-zero is a failure
 * whose reason is the tool's output. The options were validated when the settings were stored.
 */
final class ManagerFenceAgent {

    private final String executable;

    ManagerFenceAgent(String executable) {
        this.executable = executable;
    }

    /** Debian installs the fence agents in /usr/sbin, which a service's PATH may lack. */
    static ManagerFenceAgent installed() {
        Path sbin = Path.of("/usr/sbin/fence_ipmilan");
        return new ManagerFenceAgent(Files.isExecutable(sbin) ? sbin.toString() : "fence_ipmilan");
    }

    PowerCommands.FenceResult run(PowerCommands.FenceRequest r) {
        List<String> stdin = new ArrayList<>(List.of("ip=" + r.address(), "ipport=" + r.port(), "username=" + r.username(),
                "password=" + r.password()));
        if (r.lanplus()) {
            stdin.add("lanplus=1");
        }
        if (r.cipher() != null && !r.cipher().isBlank()) {
            stdin.add("cipher=" + r.cipher().trim());
        }
        Arrays.stream(r.options().split("\\s+")).filter(s -> !s.isBlank()).forEach(stdin::add);
        stdin.add("action=" + r.action());
        Process p;
        try {
            p = new ProcessBuilder(executable).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new PowerCommands.FenceResult(false, "", "the manager cannot run " + executable + " (install Debian's fence-agents): "
                    + e.getMessage());
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write((String.join("\n", stdin) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            p.destroyForcibly();
            return new PowerCommands.FenceResult(false, "", "cannot talk to " + executable + ": " + e.getMessage());
        }
        try {
            int timeout = r.timeoutSeconds() > 0 ? r.timeoutSeconds() : 60;
            if (!p.waitFor(timeout, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new PowerCommands.FenceResult(false, "", "fence_ipmilan did not finish within " + timeout + " s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.contains("DeprecationWarning") && !l.startsWith("from pipes import"))
                    .collect(Collectors.joining("; "));
            int code = p.exitValue();
            if (r.action().equals("status")) {
                return code == 0 || code == 2 ? new PowerCommands.FenceResult(true, code == 0 ? "on" : "off", out)
                        : new PowerCommands.FenceResult(false, "", out);
            }
            return code == 0 ? new PowerCommands.FenceResult(true, r.action().equals("off") ? "off" : "on", out)
                    : new PowerCommands.FenceResult(false, "", out);
        } catch (IOException e) {
            return new PowerCommands.FenceResult(false, "", "cannot read fence_ipmilan's output: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return new PowerCommands.FenceResult(false, "", "interrupted");
        }
    }
}
