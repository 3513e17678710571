package dev.flotilla.manager.storage;

/**
 * Where a storage domain is. Only the fields of its type are set (the others are empty): nfs
 * {@code server} and {@code export}; iscsi {@code portal}, {@code target} and an optional CHAP
 * login; posix and local {@code path}. The CHAP secret is kept for the hosts and never shown.
 */
public record StorageConnection(String server, String export, String portal, String target, String chapUser,
                                String chapSecret, String path) {

    public StorageConnection {
        server = blank(server);
        export = blank(export);
        portal = blank(portal);
        target = blank(target);
        chapUser = blank(chapUser);
        chapSecret = chapSecret == null ? "" : chapSecret;
        path = blank(path);
    }

    public boolean hasChap() {
        return !chapUser.isEmpty();
    }

    /** For messages and events; never holds the secret. */
    public String describe(StorageType type) {
        return switch (type) {
            case NFS -> server + ":" + export;
            case ISCSI -> target + " at " + portal + (hasChap() ? " (CHAP user " + chapUser + ")" : "");
            case POSIX, LOCAL -> path;
        };
    }

    @Override
    public String toString() {
        return "StorageConnection[server=" + server + ", export=" + export + ", portal=" + portal + ", target=" + target
                + ", chapUser=" + chapUser + ", chapSecret=" + (chapSecret.isEmpty() ? "" : "***") + ", path=" + path + "]";
    }

    private static String blank(String s) {
        return s == null ? "" : s.trim();
    }
}
