package dev.flotilla.agent.storage;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/** Checks on the names inside storage connections and volume names. */
final class Names {
    // a host name or an IPv4 address; IPv6 needs brackets in URLs and is not used yet
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

    private Names() {}

    static String host(String host, String what) {
        Objects.requireNonNull(host, what);
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("'" + host + "' is not a valid " + what + " (a host name or IPv4 address)");
        }
        return host;
    }

    /**
     * A relative volume name: parts of letters, digits, '.', '_', '-' joined by '/'. This keeps
     * names inside their domain (no "..", no absolute path) and safe inside a URL (libnfs reads
     * '?' as the start of its options, QEMU reads ':' as a protocol prefix).
     */
    static String relative(String name) {
        return relative(name, "volume name");
    }

    /** An absolute path made of the same parts, e.g. an NFS export. */
    static String absolutePath(String path, String what) {
        Objects.requireNonNull(path, what);
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("the " + what + " must be an absolute path such as /export, not '" + path + "'");
        }
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (!trimmed.equals("/")) {
            relative(trimmed.substring(1), what);
        }
        return trimmed;
    }

    static Path absolute(Path path, String what) {
        Objects.requireNonNull(path, what);
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("the " + what + " must be absolute, not '" + path + "'");
        }
        return path.normalize();
    }

    private static String relative(String name, String what) {
        Objects.requireNonNull(name, what);
        for (String part : name.split("/", -1)) {
            if (!SEGMENT.matcher(part).matches() || part.equals("..") || part.equals(".")) {
                throw new IllegalArgumentException("'" + name + "' is not a valid " + what
                        + " (letters, digits, '.', '_', '-', with '/' between parts)");
            }
        }
        return name;
    }
}
