/**
 * Storage as a host sees it: where a storage domain is ({@link dev.flotilla.agent.storage.StorageConnection}
 * — {@code nfs}, {@code iscsi}, {@code posix} or {@code local}), whether this host can reach it
 * ({@link dev.flotilla.agent.storage.StorageProbe}, read-only, run before anything is written) and
 * the disk images on it ({@link dev.flotilla.agent.storage.VolumeTool}, a wrapper of
 * {@code qemu-img}), laid out on a domain by {@link dev.flotilla.agent.storage.VolumeStore}
 * ({@code images/<disk>/<volume>.qcow2} beside a {@code .meta} file; one LUN per disk on iSCSI).
 * The few NFS calls qemu-img cannot make and Debian's libnfs-utils lacks (make a directory, write
 * a small file, remove, list a directory, read a small file) go through a small NFSv3 client over
 * ONC RPC in Java ({@code NfsClient}), still without a kernel mount.
 * {@link dev.flotilla.agent.storage.DomainVolumes} reads that layout back (each volume's
 * {@code .meta}, its image checked by qemu-img) for a manager importing a domain it never knew:
 * nfs, posix and local domains.
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
