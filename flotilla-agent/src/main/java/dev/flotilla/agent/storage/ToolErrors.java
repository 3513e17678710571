package dev.flotilla.agent.storage;

import dev.flotilla.agent.storage.StorageException.Problem;
import java.util.List;
import java.util.Locale;

/**
 * Turns the error output of qemu-img, libnfs's and libiscsi's tools into a {@link StorageException}
 * with a sentence a person can act on, followed by the tool's own words. The rules are plain text
 * matches on what those libraries print (libnfs: {@code MNT3ERR_*}, {@code NFS3ERR_*},
 * {@code nfs_service failed}; libiscsi: {@code Status: …}, sense codes), a pure function tested on
 * real samples.
 */
final class ToolErrors {

    private record Rule(Problem problem, String reason, List<String> needles) {}

    private static final List<Rule> RULES = List.of(
            new Rule(Problem.TOOL_MISSING, "this host's qemu-img has no NFS or iSCSI support; install the Debian package qemu-block-extra",
                    List.of("unknown protocol")),
            new Rule(Problem.NO_SUCH_EXPORT, "the NFS server refused to mount the export: it does not export that path, or not to this host",
                    List.of("mnt3err_acces", "mnt3err_noent", "mnt3err_perm")),
            new Rule(Problem.LOGIN_FAILED, "the iSCSI target refused the login: it needs CHAP and the user or secret is missing or wrong",
                    List.of("authentication failure", "authorization failure")),
            new Rule(Problem.NO_SUCH_TARGET, "the iSCSI portal has no such target",
                    List.of("target not found", "target removed")),
            new Rule(Problem.NO_SUCH_LUN, "the iSCSI target has no such LUN",
                    List.of("logical_unit_not_supported")),
            new Rule(Problem.NO_SPACE, "the storage is full",
                    List.of("nfs3err_nospc", "no space left", "nfs3err_dquot")),
            new Rule(Problem.NOT_FOUND, "there is no such volume",
                    List.of("nfs3err_noent", "no such file or directory")),
            new Rule(Problem.ACCESS_DENIED, "the storage refuses this host write or read access",
                    List.of("nfs3err_acces", "nfs3err_perm", "nfs3err_rofs", "permission denied", "read-only file system")),
            new Rule(Problem.TOOL_FAILED, "the NFS server no longer knows the file handle (a file deleted and made again under the"
                    + " same name answers this for a while); retry later or use a new name",
                    List.of("nfs3err_stale")),
            new Rule(Problem.UNREACHABLE, "the storage server does not answer (down, unreachable, or nothing listens on its port)",
                    List.of("nfs_service failed", "can not reconnect", "connection refused", "no route to host",
                            "network is unreachable", "connection timed out", "socket error", "rpc_connect")));

    private static final int MAX_QUOTE = 600;

    private ToolErrors() {}

    /**
     * Runs a tool for {@code action}: not being able to run it, or its failing, is a
     * {@link StorageException} that names the action, with the tool's words passed through
     * {@code redact} (which masks the secrets of the logins it held) before anyone reads them.
     */
    static ToolRunner.Result runOrThrow(ToolRunner runner, String action, java.util.List<String> command, java.util.Map<String, String> env,
                                        java.time.Duration timeout, java.util.function.Consumer<String> pieces,
                                        java.util.function.UnaryOperator<String> redact) throws StorageException {
        ToolRunner.Result r;
        try {
            r = runner.run(command, env, timeout, pieces);
        } catch (StorageException e) {
            throw new StorageException(e.problem(), action + ": " + e.getMessage(), e);
        }
        if (!r.ok()) {
            throw classify(action, redact.apply(r.message()));
        }
        return r;
    }

    /**
     * @param action what was attempted, e.g. {@code cannot create nfs://10.0.0.5/export/a.qcow2}
     * @param output the tool's error output, already free of secrets
     */
    static StorageException classify(String action, String output) {
        String words = quote(output);
        String lower = words.toLowerCase(Locale.ROOT);
        for (Rule rule : RULES) {
            if (rule.needles().stream().anyMatch(lower::contains)) {
                return new StorageException(rule.problem(), action + ": " + rule.reason() + " (" + words + ")");
            }
        }
        return new StorageException(Problem.TOOL_FAILED, action + ": " + (words.isEmpty() ? "the tool failed and said nothing" : words));
    }

    /** The tool's words on one line, without the "qemu-img: " prefixes, cut to a readable length. */
    static String quote(String output) {
        String text = output == null ? "" : output.strip()
                .replaceAll("(?m)^qemu-img: ", "")
                .replaceAll("\\s*\\R\\s*", "; ");
        return text.length() <= MAX_QUOTE ? text : text.substring(0, MAX_QUOTE) + "…";
    }
}
