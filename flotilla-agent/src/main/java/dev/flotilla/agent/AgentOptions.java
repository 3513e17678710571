package dev.flotilla.agent;

import dev.flotilla.agent.managerlink.EnrollmentToken;
import dev.flotilla.agent.managerlink.ManagerAddress;
import java.nio.file.Path;
import java.util.Locale;

/** The agent's command line, parsed and checked; every refusal names the option. */
public record AgentOptions(String name, Path stateDir, ManagerAddress manager, EnrollmentToken token, String caHash,
                           String driver, String accel, int portRangeStart, int portRangeEnd, String address,
                           int simCpus, long simMemoryMiB, double simStartError, double simCrashAfterSeconds,
                           long simSlowMs, boolean help) {

    /** A command line the agent cannot run with; the message says which option and why. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    public static final String USAGE = """
            Usage: java -jar flotilla-agent-all.jar [options]
              --name NAME                 host name in the manager (default: this machine's host name)
              --state-dir DIR             identity and VM state (default: /var/lib/flotilla-agent)
              --manager HOST:PORT         the manager's gRPC address (default: localhost:9443)
              --token TOKEN               one-time enrollment token <secret>.<ca-sha256-hex>
              --ca-hash HEX               enroll without a token: pin the manager's CA; an admin approves the host
              --driver auto|qemu|simulated  (default: auto = qemu when qemu-system-x86_64 runs here)
              --accel auto|kvm|tcg        qemu acceleration (default: auto = KVM when /dev/kvm works)
              --port-range A-B            ports for incoming migrations (default: 5900-5999)
              --address ADDR              address other hosts reach this one at (default: the route to the manager)
              --sim-cpus N                simulated host CPUs (default: 8)
              --sim-memory-mib N          simulated host memory (default: 16384)
              --sim-fault-start-error P   chance 0..1 that a VM start fails (default: 0)
              --sim-fault-crash-after S   a VM crashes S seconds after it starts (default: 0 = never)
              --sim-fault-slow-ms MS      every VM operation takes MS longer (default: 0)
              --help                      this text
            """;

    public static AgentOptions parse(String... args) throws UsageException {
        String name = null;
        Path stateDir = Path.of("/var/lib/flotilla-agent");
        ManagerAddress manager = new ManagerAddress("localhost", 9443);
        EnrollmentToken token = null;
        String caHash = null;
        String driver = "auto";
        String accel = "auto";
        int portStart = 5900;
        int portEnd = 5999;
        String address = null;
        int simCpus = 8;
        long simMemory = 16384;
        double startError = 0;
        double crashAfter = 0;
        long slowMs = 0;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String option = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                option = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            if (option.equals("--help") || option.equals("-h")) {
                help = true;
                continue;
            }
            if (!option.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'; options start with --");
            }
            String value;
            if (inline != null) {
                value = inline;
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException(option + " needs a value");
            }
            switch (option) {
                case "--name" -> name = nonEmpty(option, value);
                case "--state-dir" -> stateDir = Path.of(nonEmpty(option, value));
                case "--manager" -> manager = checked(option, () -> ManagerAddress.parse(value));
                case "--token" -> token = checked(option, () -> EnrollmentToken.parse(value));
                case "--ca-hash" -> caHash = checked(option, () -> EnrollmentToken.caHash(value));
                case "--driver" -> driver = oneOf(option, value, "auto", "qemu", "simulated");
                case "--accel" -> accel = oneOf(option, value, "auto", "kvm", "tcg");
                case "--port-range" -> {
                    int dash = value.indexOf('-');
                    if (dash < 0) {
                        throw new UsageException("--port-range: '" + value + "' should be FIRST-LAST, e.g. 5900-5999");
                    }
                    portStart = port(option, value.substring(0, dash));
                    portEnd = port(option, value.substring(dash + 1));
                    if (portStart > portEnd) {
                        throw new UsageException("--port-range: the first port " + portStart + " is above the last " + portEnd);
                    }
                }
                case "--address" -> address = nonEmpty(option, value);
                case "--sim-cpus" -> simCpus = (int) number(option, value, 1, 4096);
                case "--sim-memory-mib" -> simMemory = number(option, value, 1, 1L << 40);
                case "--sim-fault-start-error" -> startError = decimal(option, value, 0, 1);
                case "--sim-fault-crash-after" -> crashAfter = decimal(option, value, 0, 1e9);
                case "--sim-fault-slow-ms" -> slowMs = number(option, value, 0, 3_600_000);
                default -> throw new UsageException("unknown option " + option + " (see --help)");
            }
        }
        if (token != null && caHash != null && !token.caSha256().equals(caHash)) {
            throw new UsageException("--ca-hash " + caHash + " differs from the CA hash inside --token (" + token.caSha256() + ")");
        }
        return new AgentOptions(name, stateDir, manager, token, caHash, driver, accel, portStart, portEnd, address,
                simCpus, simMemory, startError, crashAfter, slowMs, help);
    }

    private interface Parse<T> {
        T get();
    }

    private static <T> T checked(String option, Parse<T> parse) throws UsageException {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }

    private static String nonEmpty(String option, String value) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException(option + " must not be empty");
        }
        return value.trim();
    }

    private static String oneOf(String option, String value, String... allowed) throws UsageException {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return a;
            }
        }
        throw new UsageException(option + ": '" + value + "' is not one of " + String.join(", ", allowed));
    }

    private static int port(String option, String value) throws UsageException {
        return (int) number(option, value, 1, 65535);
    }

    private static long number(String option, String value, long min, long max) throws UsageException {
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": '" + value + "' is not a whole number");
        }
        if (n < min || n > max) {
            throw new UsageException(option + ": " + n + " is outside " + min + ".." + max);
        }
        return n;
    }

    private static double decimal(String option, String value, double min, double max) throws UsageException {
        double d;
        try {
            d = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": '" + value + "' is not a number");
        }
        if (!(d >= min && d <= max)) {
            throw new UsageException(option + ": " + value + " is outside " + min + ".." + max);
        }
        return d;
    }
}
