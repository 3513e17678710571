package dev.flotilla.agent.storage;

import dev.flotilla.agent.storage.StorageException.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The few NFSv3 (RFC 1813) calls qemu-img cannot make and Debian's libnfs-utils lacks: make a
 * directory, write a small file, remove a file or an empty directory, and for an import list a
 * directory and read a small file (a volume's .meta). Written over ONC RPC in
 * Java rather than a kernel mount (the design keeps NFS in userspace, as QEMU does) or a C tool
 * against libnfs (a build step and a binary for four calls). One client is one mount of the
 * export; every call has a deadline (the connection's call timeout), and a listing or a read
 * that stops advancing is an error rather than a loop.
 */
final class NfsClient implements AutoCloseable {

    private static final int PORTMAP = 100000;
    private static final int MOUNT = 100005;
    private static final int NFS = 100003;
    private static final int TCP = 6;
    private static final int READ = 6;
    private static final int WRITE = 7;
    private static final int CREATE = 8;
    private static final int MKDIR = 9;
    private static final int LOOKUP = 3;
    private static final int REMOVE = 12;
    private static final int RMDIR = 13;
    private static final int READDIRPLUS = 17;
    /** Bytes asked per READ and per READDIRPLUS reply: a .meta file or a disk directory fits in one. */
    private static final int CHUNK = 64 * 1024;
    /** Names of the entries' own, without attributes, per READDIRPLUS reply (its dircount). */
    private static final int DIRCOUNT = 8 * 1024;
    /** More entries than any domain holds: a server that keeps sending pages is stopped. */
    private static final int MAX_ENTRIES = 1_000_000;
    private static final int FILE_SYNC = 2;
    private static final int NFS3ERR_NOENT = 2;
    private static final int NFS3ERR_EXIST = 17;
    private static final int NFS3ERR_NOTEMPTY = 66;
    private static final Map<Integer, String> ERRORS = Map.ofEntries(
            Map.entry(1, "NFS3ERR_PERM"), Map.entry(2, "NFS3ERR_NOENT"), Map.entry(5, "NFS3ERR_IO"),
            Map.entry(13, "NFS3ERR_ACCES"), Map.entry(17, "NFS3ERR_EXIST"), Map.entry(20, "NFS3ERR_NOTDIR"),
            Map.entry(21, "NFS3ERR_ISDIR"), Map.entry(22, "NFS3ERR_INVAL"), Map.entry(28, "NFS3ERR_NOSPC"),
            Map.entry(30, "NFS3ERR_ROFS"), Map.entry(63, "NFS3ERR_NAMETOOLONG"), Map.entry(66, "NFS3ERR_NOTEMPTY"),
            Map.entry(69, "NFS3ERR_DQUOT"), Map.entry(70, "NFS3ERR_STALE"), Map.entry(10001, "NFS3ERR_BADHANDLE"),
            Map.entry(10006, "NFS3ERR_SERVERFAULT"), Map.entry(10008, "NFS3ERR_JUKEBOX"));

    private final StorageConnection.Nfs nfs;
    private final RpcConnection connection;
    private final byte[] root;

    private NfsClient(StorageConnection.Nfs nfs, RpcConnection connection, byte[] root) {
        this.nfs = nfs;
        this.connection = connection;
        this.root = root;
    }

    /** Mounts the export: asks rpcbind for the MOUNT and NFS ports, then MOUNT for the root handle. */
    static NfsClient mount(StorageConnection.Nfs nfs, Duration connectTimeout, Duration callTimeout) throws StorageException {
        String server = "the NFS server " + nfs.server();
        int[] ids = processIds();
        int mountPort;
        int nfsPort;
        try (RpcConnection portmap = RpcConnection.open(nfs.server(), 111, server, connectTimeout, callTimeout, ids[0], ids[1])) {
            mountPort = port(portmap, MOUNT, server, "MOUNT");
            nfsPort = port(portmap, NFS, server, "NFS");
        }
        byte[] root;
        try (RpcConnection mountd = RpcConnection.open(nfs.server(), mountPort, server, connectTimeout, callTimeout, ids[0], ids[1])) {
            Xdr.Reader r = mountd.call(MOUNT, 3, 1, new Xdr.Writer().string(nfs.export()).bytes());
            int status = r.u32();
            if (status != 0) {
                throw new StorageException(Problem.NO_SUCH_EXPORT, server + " refuses to mount " + nfs.export()
                        + ": it does not export that path, or not to this host (MNT3ERR " + status + ")");
            }
            root = r.opaque();
        }
        return new NfsClient(nfs, RpcConnection.open(nfs.server(), nfsPort, server, connectTimeout, callTimeout, ids[0], ids[1]), root);
    }

    /** Makes each missing directory of {@code path} (relative to the export), like {@code mkdir -p}. */
    void mkdirs(String path) throws StorageException {
        byte[] dir = root;
        for (String name : parts(path)) {
            byte[] found = lookup(dir, name);
            if (found == null) {
                Xdr.Reader r = nfs(MKDIR, dirop(dir, name).u32(1).u32(0755).u32(0).u32(0).u32(0).u32(0).u32(0));
                int status = r.u32();
                if (status == NFS3ERR_EXIST) {
                    found = lookup(dir, name); // made meanwhile by someone else: fine
                } else {
                    check(status, "make the directory " + name + " in", path);
                    found = r.bool() ? r.opaque() : lookup(dir, name);
                }
            }
            dir = found;
        }
    }

    /** Writes a small file whole (made or truncated), synchronously. */
    void write(String path, byte[] content) throws StorageException {
        byte[] dir = directory(path);
        String name = name(path);
        // UNCHECKED create with size 0: makes the file or truncates an existing one
        Xdr.Reader r = nfs(CREATE, dirop(dir, name).u32(0).u32(1).u32(0644).u32(0).u32(0).u32(1).u64(0).u32(0).u32(0));
        check(r.u32(), "create", path);
        byte[] file = r.bool() ? r.opaque() : lookup(dir, name);
        if (file == null) {
            throw new StorageException(Problem.TOOL_FAILED, "the NFS server " + nfs.server() + " made " + path + " but cannot find it");
        }
        Xdr.Reader w = nfs(WRITE, new Xdr.Writer().opaque(file).u64(0).u32(content.length).u32(FILE_SYNC).opaque(content));
        check(w.u32(), "write", path);
    }

    /** Removes a file; false when there was none. */
    boolean remove(String path) throws StorageException {
        return removeEntry(REMOVE, path, "remove");
    }

    /** Removes a directory if it is empty; false when there was none or it still holds something. */
    boolean removeDirectory(String path) throws StorageException {
        return removeEntry(RMDIR, path, "remove the directory");
    }

    /** True when {@code path} exists. */
    boolean exists(String path) throws StorageException {
        return handleOrNull(path) != null;
    }

    /**
     * The entries of the directory {@code path} (relative to the export, "" for its root) sorted by
     * name, read page by page with the server's cookies; empty when there is no such directory.
     */
    List<DomainFiles.Entry> list(String path) throws StorageException {
        byte[] dir = handleOrNull(path);
        if (dir == null) {
            return List.of();
        }
        List<DomainFiles.Entry> entries = new ArrayList<>();
        long cookie = 0;
        byte[] verifier = new byte[NfsReplies.COOKIE_VERIFIER_BYTES];
        while (true) {
            Xdr.Reader r = nfs(READDIRPLUS, new Xdr.Writer().opaque(dir).u64(cookie).raw(verifier).u32(DIRCOUNT).u32(CHUNK));
            check(r.u32(), "list the directory", path);
            long from = cookie;
            NfsReplies.Page page = decode("READDIRPLUS", path, () -> NfsReplies.readdirplus(r, from));
            entries.addAll(page.entries());
            if (page.eof()) {
                break;
            }
            if (page.cookie() == cookie || entries.size() > MAX_ENTRIES) {
                throw new StorageException(Problem.TOOL_FAILED, "the NFS server " + nfs.server() + " sends a listing of "
                        + nfs.url() + "/" + path + " that does not end (cookie " + page.cookie() + ", " + entries.size() + " entries)");
            }
            cookie = page.cookie();
            verifier = page.verifier();
        }
        entries.sort(java.util.Comparator.comparing(DomainFiles.Entry::name));
        return entries;
    }

    /** A small file whole; one larger than {@code maxBytes} is refused rather than read. */
    byte[] read(String path, int maxBytes) throws StorageException {
        byte[] file = handleOrNull(path);
        if (file == null) {
            throw new StorageException(Problem.NOT_FOUND, "there is no file " + path + " in " + nfs.url());
        }
        java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();
        while (true) {
            Xdr.Reader r = nfs(READ, new Xdr.Writer().opaque(file).u64(content.size()).u32(CHUNK));
            check(r.u32(), "read", path);
            NfsReplies.Chunk chunk = decode("READ", path, () -> NfsReplies.read(r));
            content.writeBytes(chunk.data());
            if (content.size() > maxBytes) {
                throw new StorageException(Problem.INVALID_REQUEST, nfs.url() + "/" + path + " is larger than " + maxBytes
                        + " bytes: not a file this agent reads whole");
            }
            if (chunk.eof()) {
                return content.toByteArray();
            }
            if (chunk.data().length == 0) {
                throw new StorageException(Problem.TOOL_FAILED, "the NFS server " + nfs.server() + " reads nothing from "
                        + nfs.url() + "/" + path + " at offset " + content.size() + " but does not say it ended");
            }
        }
    }

    private <T> T decode(String reply, String path, java.util.function.Supplier<T> decoder) throws StorageException {
        try {
            return decoder.get();
        } catch (RuntimeException e) {
            throw new StorageException(Problem.TOOL_FAILED, "the NFS server " + nfs.server() + " sent a " + reply + " reply for "
                    + nfs.url() + "/" + path + " that cannot be read: " + e, e);
        }
    }

    /** The handle of {@code path} ("" for the root), or null when some part of it is missing. */
    private byte[] handleOrNull(String path) throws StorageException {
        byte[] handle = root;
        for (String name : path.isEmpty() ? List.<String>of() : parts(path)) {
            handle = lookup(handle, name);
            if (handle == null) {
                return null;
            }
        }
        return handle;
    }

    private boolean removeEntry(int procedure, String path, String verb) throws StorageException {
        byte[] dir = directoryOrNull(path);
        if (dir == null) {
            return false;
        }
        int status = nfs(procedure, dirop(dir, name(path))).u32();
        if (status == NFS3ERR_NOENT || procedure == RMDIR && status == NFS3ERR_NOTEMPTY) {
            return false;
        }
        check(status, verb, path);
        return true;
    }

    private byte[] directory(String path) throws StorageException {
        byte[] dir = directoryOrNull(path);
        if (dir == null) {
            throw new StorageException(Problem.NOT_FOUND, "there is no directory for " + path + " in " + nfs.url());
        }
        return dir;
    }

    private byte[] directoryOrNull(String path) throws StorageException {
        List<String> parts = parts(path);
        byte[] dir = root;
        for (String name : parts.subList(0, parts.size() - 1)) {
            dir = lookup(dir, name);
            if (dir == null) {
                return null;
            }
        }
        return dir;
    }

    /** The handle of {@code name} in {@code dir}, or null when there is none. */
    private byte[] lookup(byte[] dir, String name) throws StorageException {
        Xdr.Reader r = nfs(LOOKUP, dirop(dir, name));
        int status = r.u32();
        if (status == NFS3ERR_NOENT) {
            return null;
        }
        check(status, "look up " + name + " in", "its directory");
        return r.opaque();
    }

    private Xdr.Writer dirop(byte[] dir, String name) {
        return new Xdr.Writer().opaque(dir).string(name);
    }

    private Xdr.Reader nfs(int procedure, Xdr.Writer arguments) throws StorageException {
        return connection.call(NFS, 3, procedure, arguments.bytes());
    }

    private void check(int status, String verb, String path) throws StorageException {
        if (status != 0) {
            String code = ERRORS.getOrDefault(status, "NFS3ERR " + status);
            // the same words qemu-img's errors carry, so the same rules classify both
            throw ToolErrors.classify("cannot " + verb + " " + nfs.url() + "/" + path, code);
        }
    }

    private static List<String> parts(String path) {
        return List.of(Names.relative(path).split("/"));
    }

    private static String name(String path) {
        List<String> parts = parts(path);
        return parts.get(parts.size() - 1);
    }

    private static int port(RpcConnection portmap, int program, String server, String name) throws StorageException {
        int port = portmap.call(PORTMAP, 2, 3, new Xdr.Writer().u32(program).u32(3).u32(TCP).u32(0).bytes()).u32();
        if (port <= 0) {
            throw new StorageException(Problem.UNREACHABLE, server + " offers no " + name + " version 3 service over TCP (rpcbind knows none)");
        }
        return port;
    }

    /** This process's uid and gid, which QEMU's libnfs also sends. */
    private static int[] processIds() {
        int uid = 0;
        int gid = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    uid = Integer.parseInt(line.split("\\s+")[1]);
                } else if (line.startsWith("Gid:")) {
                    gid = Integer.parseInt(line.split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: root's ids, which a root-squashing server maps to nobody anyway
        }
        return new int[] {uid, gid};
    }

    @Override
    public void close() {
        connection.close();
    }
}
