package dev.flotilla.manager.storage;

import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.FieldError;
import dev.flotilla.manager.datacenter.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Validation of a new storage domain, before any host is asked. Collects every problem so one
 * answer names all the wrong fields. The host checks again what only it can (the export exists,
 * the login works).
 */
final class StorageDomainRules {

    // what the agent accepts too (its storage.Names): IPv4 or a host name; path parts safe in a URL
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
    private static final Pattern PORTAL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\\d{1,5})?");
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9_][A-Za-z0-9._-]*)+/?|/");
    private static final Pattern IQN = Pattern.compile("iqn\\.\\d{4}-\\d{2}\\.[^\\s/]+|eui\\.[0-9A-Fa-f]{16}|naa\\.[0-9A-Fa-f]{16,32}");

    private final List<FieldError> errors = new ArrayList<>();

    /** The domain described by the input, with its type and role; throws 400 naming every wrong field. */
    record Checked(String name, String description, StorageType type, StorageRole role, StorageConnection connection) {
    }

    Checked check(StorageDomainInput in) {
        Names.problem(in.name()).ifPresent(reason -> add("name", reason));
        String description = in.description() == null ? "" : in.description();
        if (description.length() > 1024) {
            add("description", "must be at most 1024 characters");
        }
        StorageType type = StorageType.parse(in.type()).orElse(null);
        if (type == null) {
            add("type", in.type() == null ? "is required: nfs, iscsi, posix or local" : "must be nfs, iscsi, posix or local");
        }
        StorageRole role = in.role() == null ? StorageRole.DATA : StorageRole.parse(in.role()).orElse(null);
        if (role == null) {
            add("role", "must be data or iso");
        } else if (role == StorageRole.ISO && type == StorageType.ISCSI) {
            add("role", "an iso domain holds files: use nfs, posix or local");
        }
        StorageConnection connection = type == null ? new StorageConnection("", "", "", "", "", "", "") : connection(type, in);
        throwIfAny();
        return new Checked(in.name(), description, type, role, connection);
    }

    private StorageConnection connection(StorageType type, StorageDomainInput in) {
        if (type != StorageType.NFS && in.nfs() != null) {
            add("nfs", "is only for nfs domains");
        }
        if (type != StorageType.ISCSI && in.iscsi() != null) {
            add("iscsi", "is only for iscsi domains");
        }
        if ((type == StorageType.NFS || type == StorageType.ISCSI) && in.path() != null) {
            add("path", "is only for posix and local domains");
        }
        return switch (type) {
            case NFS -> {
                if (in.nfs() == null) {
                    add("nfs", "is required for an nfs domain: {\"server\": …, \"export\": …}");
                    yield new StorageConnection("", "", "", "", "", "", "");
                }
                require("nfs.server", in.nfs().server(), HOST, "must be a host name or an IPv4 address");
                require("nfs.export", in.nfs().export(), PATH, "must be an absolute path such as /export (letters, digits, '.', '_', '-')");
                yield new StorageConnection(in.nfs().server(), trimSlash(in.nfs().export()), "", "", "", "", "");
            }
            case ISCSI -> {
                if (in.iscsi() == null) {
                    add("iscsi", "is required for an iscsi domain: {\"portal\": …, \"target\": …}");
                    yield new StorageConnection("", "", "", "", "", "", "");
                }
                var i = in.iscsi();
                require("iscsi.portal", i.portal(), PORTAL, "must be host or host:port");
                require("iscsi.target", i.target(), IQN, "must be an iSCSI name (iqn.YYYY-MM.domain:name, eui.… or naa.…)");
                boolean user = i.chapUser() != null && !i.chapUser().isBlank();
                boolean secret = i.chapSecret() != null && !i.chapSecret().isEmpty();
                if (user != secret) {
                    add(user ? "iscsi.chapSecret" : "iscsi.chapUser", "is required with iscsi." + (user ? "chapUser" : "chapSecret"));
                }
                if (user && (i.chapUser().contains("%") || i.chapUser().contains("@"))) {
                    add("iscsi.chapUser", "must not contain '%' or '@'");
                }
                yield new StorageConnection("", "", i.portal(), i.target(), user ? i.chapUser() : "", secret ? i.chapSecret() : "", "");
            }
            case POSIX, LOCAL -> {
                require("path", in.path(), PATH, "must be an absolute path on the host (letters, digits, '.', '_', '-')");
                yield new StorageConnection("", "", "", "", "", "", in.path() == null ? "" : trimSlash(in.path()));
            }
        };
    }

    private void require(String field, String value, Pattern pattern, String reason) {
        if (value == null || value.isBlank()) {
            add(field, "is required");
        } else if (!pattern.matcher(value.trim()).matches() || value.trim().contains("/../") || value.trim().endsWith("/..")) {
            add(field, reason);
        }
    }

    private static String trimSlash(String path) {
        String p = path.trim();
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    void add(String field, String reason) {
        errors.add(new FieldError(field, reason));
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw BadRequestException.of(errors);
        }
    }
}
