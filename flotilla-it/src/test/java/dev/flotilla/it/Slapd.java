package dev.flotilla.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenLDAP {@code slapd} of the test's own: its own slapd.conf, its own MDB database under
 * the test's directory, the memberOf overlay, listening on 127.0.0.1 only. The Debian package's
 * system service (if any runs) is never used. {@link #stop()} kills exactly the process started here.
 */
final class Slapd {

    static final String SLAPD = "/usr/sbin/slapd";
    static final String LDAPADD = "/usr/bin/ldapadd";

    private final String suffix;
    private final String rootDn;
    private final String rootPassword;
    private final int port;
    private final Process process;
    private final Path log;

    private Slapd(String suffix, String rootPassword, int port, Process process, Path log) {
        this.suffix = suffix;
        this.rootDn = "cn=admin," + suffix;
        this.rootPassword = rootPassword;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Installed or not: without slapd and ldap-utils the test fails (as CI must), it never skips. */
    static void require() {
        for (String p : new String[] {SLAPD, LDAPADD}) {
            if (!Files.isExecutable(Path.of(p))) {
                throw new AssertionError(p + " is missing; install slapd and ldap-utils (./flotilla test does)");
            }
        }
    }

    static Slapd start(Path dir, int port, String suffix, String rootPassword) throws IOException {
        require();
        Path db = Files.createDirectories(dir.resolve("db"));
        Path conf = dir.resolve("slapd.conf");
        // ACLs: a password is only ever used to bind, never read back; the rest is readable by the bind user
        Files.writeString(conf, """
                include /etc/ldap/schema/core.schema
                include /etc/ldap/schema/cosine.schema
                include /etc/ldap/schema/inetorgperson.schema
                include /etc/ldap/schema/nis.schema
                pidfile %s
                argsfile %s
                modulepath /usr/lib/ldap
                moduleload back_mdb
                moduleload memberof
                database mdb
                maxsize 16777216
                suffix "%s"
                rootdn "cn=admin,%s"
                rootpw %s
                directory %s
                overlay memberof
                access to attrs=userPassword by self write by anonymous auth by * none
                access to * by users read by * none
                """.formatted(dir.resolve("slapd.pid"), dir.resolve("slapd.args"), suffix, suffix, rootPassword, db));
        Path log = dir.resolve("slapd.log");
        // -d 0: stay in the foreground (no fork), so the process started here is slapd itself
        Process p = new ProcessBuilder(SLAPD, "-f", conf.toString(), "-h", "ldap://127.0.0.1:" + port + "/", "-d", "0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Slapd slapd = new Slapd(suffix, rootPassword, port, p, log);
        Await.until("slapd to listen on 127.0.0.1:" + port, Duration.ofSeconds(30), () -> {
            if (!p.isAlive()) {
                throw new AssertionError("slapd exited at start:\n" + Commands.read(log));
            }
            try (var s = new java.net.Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }, up -> up, () -> Commands.read(log));
        return slapd;
    }

    /** Adds entries as the directory's root with ldapadd, the way an admin loads a directory. */
    void add(Path dir, String ldif) throws IOException {
        Path file = dir.resolve("add-" + System.nanoTime() + ".ldif");
        Files.writeString(file, ldif, StandardCharsets.UTF_8);
        Commands.run(Map.of(), LDAPADD, "-x", "-H", url(), "-D", rootDn, "-w", rootPassword, "-f", file.toString());
    }

    String url() {
        return "ldap://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    String suffix() {
        return suffix;
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM to this slapd's pid, SIGKILL if it does not end within 20 s. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
