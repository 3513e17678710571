/**
 * Storage as a host sees it: where a storage domain is ({@link dev.flotilla.agent.storage.StorageConnection}
 * — {@code nfs}, {@code iscsi}, {@code posix} or {@code local}), whether this host can reach it
 * ({@link dev.flotilla.agent.storage.StorageProbe}, read-only, run before anything is written) and
 * the disk images on it ({@link dev.flotilla.agent.storage.VolumeTool}, a wrapper of
 * {@code qemu-img}).
 *
 * <p>There is no kernel mount and no kernel initiator: NFS and iSCSI are reached only through the
 * userspace clients QEMU itself uses (libnfs, libiscsi), so a host needs nothing but
 * {@code qemu-utils}, {@code qemu-block-extra}, {@code libnfs-utils} and {@code libiscsi-bin}.
 * Every external tool runs through {@link dev.flotilla.agent.storage.ToolRunner} with a deadline,
 * because a storage server that stops answering makes those clients hang without an error.
 * Failures are {@link dev.flotilla.agent.storage.StorageException}s whose message is a sentence a
 * person can act on and never carries a CHAP secret.
 */
package dev.flotilla.agent.storage;
