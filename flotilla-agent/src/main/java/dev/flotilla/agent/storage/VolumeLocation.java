package dev.flotilla.agent.storage;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One volume as qemu-img and QEMU open it: a URL ({@code nfs://…}, {@code iscsi://…}) or an
 * absolute path, plus the CHAP login an iSCSI LUN may need. Made by the connections
 * ({@link StorageConnection.Nfs#volume(String)}, {@link StorageConnection.Iscsi#lun(int)}, …),
 * which check the names.
 */
public record VolumeLocation(Kind kind, String uri, Optional<ChapCredentials> chap) {

    public enum Kind { NFS, ISCSI, PATH }

    public VolumeLocation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(chap, "chap");
        if (chap.isPresent() && kind != Kind.ISCSI) {
            throw new IllegalArgumentException("only iSCSI volumes take CHAP credentials");
        }
    }

    static VolumeLocation nfs(String url) {
        return new VolumeLocation(Kind.NFS, url, Optional.empty());
    }

    static VolumeLocation iscsi(String url, Optional<ChapCredentials> chap) {
        return new VolumeLocation(Kind.ISCSI, url, chap);
    }

    public static VolumeLocation path(Path path) {
        return new VolumeLocation(Kind.PATH, Names.absolute(path, "volume path").toString(), Optional.empty());
    }

    /** Environment for the tools that open this volume: the CHAP login, if any. */
    public Map<String, String> environment() {
        return chap.map(ChapCredentials::environment).orElse(Map.of());
    }

    /** Tool output with the CHAP secret masked. */
    public String redact(String text) {
        return chap.map(c -> c.redact(text)).orElse(text);
    }

    @Override
    public String toString() {
        return uri;
    }
}
