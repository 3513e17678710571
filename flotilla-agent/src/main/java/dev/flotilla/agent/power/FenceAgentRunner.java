package dev.flotilla.agent.power;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs {@code fence_ipmilan} (Debian's fence-agents) with its options on standard input, as
 * Pacemaker does, so the BMC password never shows in {@code ps}. Exit codes: status answers 0 for
 * on and 2 for off; any other action answers 0 on success; 1 is a failure (wrong credentials,
 * BMC unreachable) whose reason is in the output.
 */
public final class FenceAgentRunner {

    private static final Set<String> ACTIONS = Set.of("status", "on", "off", "reboot");
    private static final Pattern OPTION = Pattern.compile("[a-z][a-z0-9_-]*=[^\\n\\r]*");
    private static final int MAX_OUTPUT = 2000;

    private final String executable;

    public FenceAgentRunner(String executable) {
        this.executable = executable;
    }

    /** Debian installs the fence agents in /usr/sbin, which a service's PATH may lack. */
    public static FenceAgentRunner installed() {
        Path sbin = Path.of("/usr/sbin/fence_ipmilan");
        return new FenceAgentRunner(Files.isExecutable(sbin) ? sbin.toString() : "fence_ipmilan");
    }

    /** The lines the tool reads on stdin; public for the test that checks nothing leaks onto the command line. */
    public static List<String> stdin(FenceCall call) {
        List<String> lines = new ArrayList<>();
        lines.add("ip=" + call.address());
        if (call.port() > 0) {
            lines.add("ipport=" + call.port());
        }
        lines.add("username=" + call.username());
        lines.add("password=" + call.password());
        if (call.lanplus()) {
            lines.add("lanplus=1");
        }
        if (call.cipher() != null && !call.cipher().isBlank()) {
            lines.add("cipher=" + call.cipher().trim());
        }
        lines.addAll(call.options());
        lines.add("action=" + call.action());
        return lines;
    }

    public FenceOutcome run(FenceCall call) {
        if (!"ipmilan".equals(call.agentType())) {
            return new FenceOutcome(false, "", "this agent knows the fence agent type 'ipmilan', not '" + call.agentType() + "'");
        }
        if (!ACTIONS.contains(call.action())) {
            return new FenceOutcome(false, "", "unknown fence action '" + call.action() + "'; one of " + ACTIONS);
        }
        for (String o : call.options()) {
            if (!OPTION.matcher(o).matches()) {
                return new FenceOutcome(false, "", "the fence option '" + o + "' is not key=value");
            }
        }
        int timeout = call.timeoutSeconds() > 0 ? call.timeoutSeconds() : 60;
        Process p;
        try {
            p = new ProcessBuilder(executable).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new FenceOutcome(false, "", "cannot run " + executable + " (install Debian's fence-agents): " + e.getMessage());
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write((String.join("\n", stdin(call)) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            p.destroyForcibly();
            return new FenceOutcome(false, "", "cannot talk to " + executable + ": " + e.getMessage());
        }
        try {
            if (!p.waitFor(timeout, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new FenceOutcome(false, "", "fence_ipmilan did not finish within " + timeout + " s");
            }
            String output = meaningful(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            int code = p.exitValue();
            if (call.action().equals("status")) {
                return switch (code) {
                    case 0 -> new FenceOutcome(true, "on", output);
                    case 2 -> new FenceOutcome(true, "off", output);
                    default -> new FenceOutcome(false, "", output);
                };
            }
            String after = call.action().equals("off") ? "off" : call.action().equals("on") || call.action().equals("reboot") ? "on" : "";
            return code == 0 ? new FenceOutcome(true, after, output) : new FenceOutcome(false, "", output);
        } catch (IOException e) {
            return new FenceOutcome(false, "", "cannot read fence_ipmilan's output: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return new FenceOutcome(false, "", "interrupted");
        }
    }

    /** Python's warnings about the tool itself are noise in an event; keep what it says about the BMC. */
    static String meaningful(String raw) {
        StringBuilder out = new StringBuilder();
        for (String line : raw.split("\\R")) {
            String l = line.strip();
            if (l.isEmpty() || l.contains("DeprecationWarning") || l.startsWith("from pipes import")) {
                continue;
            }
            l = l.replaceFirst("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d+ ", "");
            out.append(out.length() == 0 ? "" : "; ").append(l);
        }
        return out.length() > MAX_OUTPUT ? out.substring(0, MAX_OUTPUT) : out.toString();
    }
}
