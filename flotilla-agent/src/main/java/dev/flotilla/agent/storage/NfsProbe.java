package dev.flotilla.agent.storage;

import dev.flotilla.agent.storage.StorageException.Problem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Checks an NFS export the way QEMU will use it (libnfs, NFSv3): rpcbind answers, the server
 * exports the path, this host may mount it; and reads the file system's size and free space
 * (FSSTAT, through {@code nfs-ls -s}). Reads only.
 */
record NfsProbe(ToolRunner runner, Duration connectTimeout, Duration toolTimeout) {

    private static final int RPCBIND_PORT = 111;

    StorageReport probe(StorageConnection.Nfs nfs) throws StorageException {
        String server = "the NFS server " + nfs.server();
        // libnfs asks rpcbind for the mount and NFS ports, so without rpcbind nothing else works
        PortCheck.require(nfs.server(), RPCBIND_PORT, server, "rpcbind", connectTimeout);

        ToolRunner.Result listing = runner.run(List.of("nfs-ls", "-D", "nfs://" + nfs.server()), Map.of(), toolTimeout);
        List<String> exports = listing.ok() ? ProbeOutput.nfsExports(listing.stdout()) : List.of();
        // an empty or failed listing proves nothing: some servers do not list their exports
        if (!exports.isEmpty() && !within(exports, nfs.export())) {
            throw new StorageException(Problem.NO_SUCH_EXPORT, server + " exports no path " + nfs.export()
                    + " (exports: " + String.join(", ", exports) + ")");
        }

        ToolRunner.Result stat = runner.run(List.of("nfs-ls", "-s", nfs.url()), Map.of(), toolTimeout);
        if (!stat.ok()) {
            StorageException e = ToolErrors.classify("cannot mount " + nfs.export() + " from " + server, stat.message());
            if (e.problem() == Problem.NO_SUCH_EXPORT && within(exports, nfs.export())) {
                throw new StorageException(Problem.ACCESS_DENIED, server + " exports " + nfs.export()
                        + " but refuses to let this host mount it; allow this host's address in the export ("
                        + ToolErrors.quote(stat.message()) + ")");
            }
            if (e.problem() == Problem.NO_SUCH_EXPORT) {
                throw new StorageException(Problem.NO_SUCH_EXPORT, server + " refuses to mount " + nfs.export()
                        + ": it does not export that path, or not to this host (" + ToolErrors.quote(stat.message()) + ")");
            }
            throw e;
        }
        Optional<long[]> space = ProbeOutput.nfsFreeAndTotal(stat.stdout());
        OptionalLong free = space.map(s -> OptionalLong.of(s[0])).orElse(OptionalLong.empty());
        OptionalLong total = space.map(s -> OptionalLong.of(s[1])).orElse(OptionalLong.empty());
        String summary = nfs.describe() + ": " + space.map(s -> Sizes.human(s[0]) + " free of " + Sizes.human(s[1]))
                .orElse("mounted, size unknown");
        return new StorageReport(nfs, total, free, List.of(), summary);
    }

    /**
     * Whether {@code path} is an export or a directory inside one: NFSv3 servers (nfs-ganesha, the
     * kernel's) mount a sub-directory of an export, as QEMU's own libnfs client does for every image,
     * so one export can hold several domains (or a copy of one, for an import).
     */
    static boolean within(List<String> exports, String path) {
        return exports.stream().anyMatch(e -> path.equals(e) || path.startsWith(e.endsWith("/") ? e : e + "/"));
    }
}
