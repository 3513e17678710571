package dev.flotilla.agent.storage;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a storage domain lives, as a host reaches it. Each kind names its volumes
 * ({@link VolumeLocation}) the way qemu-img and QEMU open them: {@code nfs://server/export/name},
 * {@code iscsi://portal/iqn/lun}, or a path.
 */
public sealed interface StorageConnection {

    /** A short description for messages, e.g. {@code nfs 10.0.0.5:/export}; never holds a secret. */
    String describe();

    /** An NFS export reached through libnfs (NFSv3), no kernel mount. */
    record Nfs(String server, String export) implements StorageConnection {
        public Nfs {
            server = Names.host(server, "NFS server");
            export = Names.absolutePath(export, "NFS export");
        }

        /** The export's URL, {@code nfs://server/export}. */
        public String url() {
            return "nfs://" + server + export;
        }

        /** A volume file in the export; {@code name} is relative, e.g. {@code disk1.qcow2}. */
        public VolumeLocation volume(String name) {
            return VolumeLocation.nfs((export.equals("/") ? url() : url() + "/") + Names.relative(name));
        }

        @Override
        public String describe() {
            return "nfs " + server + ":" + export;
        }
    }

    /**
     * An iSCSI target reached through libiscsi, no kernel initiator. Its LUNs are used as whole
     * disks, one volume per LUN.
     *
     * @param portal {@code host} or {@code host:port} (3260 when absent)
     */
    record Iscsi(String portal, String target, Optional<ChapCredentials> chap) implements StorageConnection {
        private static final Pattern IQN = Pattern.compile("(iqn\\.\\d{4}-\\d{2}\\.[^\\s/]+|eui\\.[0-9A-Fa-f]{16}|naa\\.[0-9A-Fa-f]{16,32})");

        public Iscsi {
            Objects.requireNonNull(portal, "portal");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(chap, "chap");
            portal = portal.contains(":") && !portal.startsWith("[") ? portal : portal + ":3260";
            Names.host(host(portal), "iSCSI portal");
            port(portal);
            if (!IQN.matcher(target).matches()) {
                throw new IllegalArgumentException("'" + target + "' is not an iSCSI name (iqn.YYYY-MM.domain:name, eui.… or naa.…)");
            }
        }

        public Iscsi(String portal, String target) {
            this(portal, target, Optional.empty());
        }

        public String host() {
            return host(portal);
        }

        public int port() {
            return port(portal);
        }

        /** The portal's URL for discovery, {@code iscsi://host:port}. */
        public String portalUrl() {
            return "iscsi://" + portal;
        }

        /** One LUN of the target as a volume. */
        public VolumeLocation lun(int lun) {
            if (lun < 0 || lun > 16383) {
                throw new IllegalArgumentException("a LUN is a number 0..16383, not " + lun);
            }
            return VolumeLocation.iscsi(portalUrl() + "/" + target + "/" + lun, chap);
        }

        @Override
        public String describe() {
            return "iscsi " + portal + " " + target + chap.map(c -> " (CHAP user " + c.user() + ")").orElse("");
        }

        private static String host(String portal) {
            return portal.substring(0, portal.lastIndexOf(':'));
        }

        private static int port(String portal) {
            String port = portal.substring(portal.lastIndexOf(':') + 1);
            try {
                int p = Integer.parseInt(port);
                if (p > 0 && p < 65536) {
                    return p;
                }
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
            throw new IllegalArgumentException("the iSCSI portal's port must be 1..65535, not '" + port + "'");
        }
    }

    /** A path the administrator has mounted on every host (NFS, CephFS, GlusterFS…). */
    record Posix(Path path) implements StorageConnection {
        public Posix {
            path = Names.absolute(path, "posix storage path");
        }

        public VolumeLocation volume(String name) {
            return VolumeLocation.path(path.resolve(Names.relative(name)));
        }

        @Override
        public String describe() {
            return "posix " + path;
        }
    }

    /** A directory on this host only. */
    record Local(Path path) implements StorageConnection {
        public Local {
            path = Names.absolute(path, "local storage path");
        }

        public VolumeLocation volume(String name) {
            return VolumeLocation.path(path.resolve(Names.relative(name)));
        }

        @Override
        public String describe() {
            return "local " + path;
        }
    }
}
