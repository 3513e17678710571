/**
 * Storage: storage domains (nfs, iscsi, posix, local; role data or iso) and the disks on them,
 * and which VM each disk is attached to. A domain is checked from an Up host of its data center
 * before anything is recorded ({@link dev.flotilla.manager.storage.StorageDomainService}); disks
 * are made, grown and removed by a host's agent ({@link dev.flotilla.manager.storage.StorageCommands},
 * implemented by the agent link) after the free space was checked here. Statuses are explicit
 * enums with transition tables ({@link dev.flotilla.manager.storage.StorageDomainStatus},
 * {@link dev.flotilla.manager.storage.DiskStatus}). The VM feature learns of disks only through
 * {@link dev.flotilla.manager.vm.StartRequirement} and the agent link through
 * {@link dev.flotilla.manager.storage.VmVolumes}, so the VM package does not depend on this one.
 *
 * <p>Image transfers ({@link dev.flotilla.manager.storage.ImageTransferService}): uploads of disk
 * images and ISOs streamed range by range to a host's agent, which stages, verifies (qemu-img)
 * and places them; downloads streamed back. ISO images are the disks of iso domains; a VM's CD-ROM
 * drive ({@link dev.flotilla.manager.storage.CdromService}) holds one, changed live on a running VM.
 *
 * <p>Moves and copies between domains are jobs ({@link dev.flotilla.manager.storage.DiskCopies}):
 * offline a host runs qemu-img, live QEMU mirrors ({@link dev.flotilla.manager.storage.LiveDiskMoves});
 * onto an iSCSI domain the disk takes the smallest free LUN that holds it (a qcow2 disk's metadata
 * too), picked and claimed here ({@code lun_claim}) before any host is asked. What a manager that
 * stopped mid-way left (a Locked disk, a claimed LUN) is put right at the next start
 * ({@link dev.flotilla.manager.storage.DiskCopyRecovery}, {@link dev.flotilla.manager.storage.LiveMoveSettling}).
 *
 * <p>Import Domain ({@link dev.flotilla.manager.storage.DomainImport}): an nfs, posix or local domain
 * another (or a lost) manager made is added with {@code "import": true}; a host lists its volumes
 * from their {@code .meta} files and each consistent disk not known here is registered with its
 * chain, unattached, in the transaction that records the domain. The others are named with why.
 */
package dev.flotilla.manager.storage;
