package dev.flotilla.agent.storage;

import dev.flotilla.agent.storage.StorageException.Problem;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The file operations a file domain needs beside qemu-img: directories, small metadata files,
 * removal, and for an import the listing of a directory and the reading of a small file. On NFS
 * they go through {@link NfsClient} (no kernel mount); on posix and local domains they are plain
 * file operations under the domain's path.
 */
interface DomainFiles extends AutoCloseable {

    /** {@code mkdir -p} of a path relative to the domain's root. */
    void mkdirs(String path) throws StorageException;

    /** Writes a small file whole. */
    void write(String path, byte[] content) throws StorageException;

    /** The entries of a directory ("" for the root) sorted by name; empty when there is no such directory. */
    List<Entry> list(String path) throws StorageException;

    /** A small file whole; one larger than {@code maxBytes} is refused. */
    byte[] read(String path, int maxBytes) throws StorageException;

    /** Removes a file; false when there was none. */
    boolean remove(String path) throws StorageException;

    /** Removes a directory if it is empty; false when there was none or it still holds something. */
    boolean removeDirectory(String path) throws StorageException;

    @Override
    void close();

    /** One name in a directory, and whether it is a directory itself. */
    record Entry(String name, boolean directory) {
    }

    /** The files of a file domain; iSCSI domains have none. */
    static DomainFiles of(StorageConnection domain, Duration connectTimeout, Duration callTimeout) throws StorageException {
        if (domain instanceof StorageConnection.Nfs n) {
            return new Nfs(NfsClient.mount(n, connectTimeout, callTimeout));
        }
        if (domain instanceof StorageConnection.Posix p) {
            return new Local(p.path());
        }
        if (domain instanceof StorageConnection.Local l) {
            return new Local(l.path());
        }
        throw new IllegalArgumentException(domain.describe() + " holds LUNs, not files");
    }

    /** An NFS export, through one mount of it. */
    record Nfs(NfsClient client) implements DomainFiles {
        public void mkdirs(String path) throws StorageException { client.mkdirs(path); }
        public void write(String path, byte[] content) throws StorageException { client.write(path, content); }
        public List<Entry> list(String path) throws StorageException { return client.list(path); }
        public byte[] read(String path, int maxBytes) throws StorageException { return client.read(path, maxBytes); }
        public boolean remove(String path) throws StorageException { return client.remove(path); }
        public boolean removeDirectory(String path) throws StorageException { return client.removeDirectory(path); }
        public void close() { client.close(); }
    }

    /** A directory of this host (or mounted on it). */
    record Local(Path root) implements DomainFiles {
        public void mkdirs(String path) throws StorageException {
            Path dir = resolve(path);
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw failed("make the directory " + dir, e);
            }
        }

        public void write(String path, byte[] content) throws StorageException {
            Path file = resolve(path);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try {
                Files.write(tmp, content);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw failed("write " + file, e);
            }
        }

        public List<Entry> list(String path) throws StorageException {
            Path dir = path.isEmpty() ? root : resolve(path);
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            try (Stream<Path> s = Files.list(dir)) {
                return s.map(p -> new Entry(p.getFileName().toString(), Files.isDirectory(p)))
                        .sorted(Comparator.comparing(Entry::name)).toList();
            } catch (IOException | UncheckedIOException e) {
                throw failed("read the directory " + dir, e instanceof UncheckedIOException u ? u.getCause() : (IOException) e);
            }
        }

        public byte[] read(String path, int maxBytes) throws StorageException {
            Path file = resolve(path);
            try {
                if (Files.size(file) > maxBytes) {
                    throw new StorageException(Problem.INVALID_REQUEST, file + " is larger than " + maxBytes
                            + " bytes: not a file this agent reads whole");
                }
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw failed("read " + file, e);
            }
        }

        public boolean remove(String path) throws StorageException {
            Path file = resolve(path);
            try {
                return Files.deleteIfExists(file);
            } catch (IOException e) {
                throw failed("remove " + file, e);
            }
        }

        public boolean removeDirectory(String path) throws StorageException {
            Path dir = resolve(path);
            try {
                return Files.deleteIfExists(dir);
            } catch (DirectoryNotEmptyException e) {
                return false;
            } catch (IOException e) {
                throw failed("remove " + dir, e);
            }
        }

        public void close() {
            // nothing is held open
        }

        private Path resolve(String path) {
            return root.resolve(Names.relative(path));
        }

        private static StorageException failed(String what, IOException e) {
            Problem problem = e instanceof NoSuchFileException ? Problem.NOT_FOUND
                    : e instanceof java.nio.file.AccessDeniedException ? Problem.ACCESS_DENIED : Problem.TOOL_FAILED;
            return new StorageException(problem, "cannot " + what + ": " + e.getMessage(), e);
        }
    }
}
