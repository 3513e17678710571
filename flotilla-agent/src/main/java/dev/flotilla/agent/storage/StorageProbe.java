package dev.flotilla.agent.storage;

import dev.flotilla.agent.storage.StorageException.Problem;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * Checks that this host reaches a storage domain, before anything is written there, and says what
 * is wrong in words an administrator can act on: "the NFS server 10.0.0.5 exports no path /wrong
 * (exports: /export)", "the iSCSI target … refused the CHAP login of user …", "… is unreachable
 * from this host". Reports size and free space when the storage tells.
 *
 * <p>Every step has a deadline. The first, a TCP connect to the server's port, is made by this
 * JVM, so the probe answers for the network namespace the agent runs in.
 */
public final class StorageProbe {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_TOOL_TIMEOUT = Duration.ofSeconds(20);

    private final NfsProbe nfs;
    private final IscsiProbe iscsi;

    public StorageProbe(Duration connectTimeout, Duration toolTimeout) {
        ToolRunner runner = ToolRunner.direct();
        this.nfs = new NfsProbe(runner, connectTimeout, toolTimeout);
        this.iscsi = new IscsiProbe(runner, connectTimeout, toolTimeout);
    }

    public StorageProbe() {
        this(DEFAULT_CONNECT_TIMEOUT, DEFAULT_TOOL_TIMEOUT);
    }

    /** @throws StorageException with the reason this host cannot use the storage */
    public StorageReport probe(StorageConnection connection) throws StorageException {
        // Java 17: no pattern matching in switch yet; the interface is sealed, so this is exhaustive
        if (connection instanceof StorageConnection.Nfs n) {
            return nfs.probe(n);
        }
        if (connection instanceof StorageConnection.Iscsi i) {
            return iscsi.probe(i);
        }
        if (connection instanceof StorageConnection.Posix p) {
            return directory(p, p.path(), "; mount the shared file system there on every host first");
        }
        StorageConnection.Local l = (StorageConnection.Local) connection;
        return directory(l, l.path(), "; create it first");
    }

    private static StorageReport directory(StorageConnection connection, Path path, String hint) throws StorageException {
        if (!Files.exists(path)) {
            throw new StorageException(Problem.NOT_FOUND, "there is no " + path + " on this host" + hint);
        }
        if (!Files.isDirectory(path)) {
            throw new StorageException(Problem.INVALID_REQUEST, path + " is not a directory");
        }
        if (!Files.isReadable(path) || !Files.isWritable(path)) {
            throw new StorageException(Problem.ACCESS_DENIED, "the agent may not read and write " + path);
        }
        try {
            FileStore store = Files.getFileStore(path);
            long total = store.getTotalSpace();
            long free = store.getUsableSpace();
            return new StorageReport(connection, OptionalLong.of(total), OptionalLong.of(free), List.of(),
                    connection.describe() + ": " + Sizes.human(free) + " free of " + Sizes.human(total));
        } catch (IOException e) {
            throw new StorageException(Problem.TOOL_FAILED, "cannot read the size of the file system of " + path + ": " + e.getMessage(), e);
        }
    }
}
