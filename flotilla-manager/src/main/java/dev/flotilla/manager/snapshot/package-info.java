/**
 * Snapshots of VMs: several per VM, each the state of all its disks at one moment, kept as a
 * chain of volumes per disk (the {@code volume} table; a snapshot's volume is the one that was
 * active when it was taken, a new qcow2 overlay becoming active). Create, list as a chain, preview
 * (the VM runs from a new overlay on the snapshot's volume) and commit or undo the preview, restore,
 * and delete with a merge run as a job. A merge is recorded before and after each disk's step (the
 * database here, the volume's .meta file on the agent), each step can be run again, and a failure
 * leaves every chain readable, so a failed delete is retried by deleting again.
 *
 * <p>Each snapshot also keeps the VM's whole configuration ({@link dev.flotilla.manager.snapshot.VmConfiguration},
 * a JSON document: CPUs, memory, boot, description, HA and priority, disks with their attachment,
 * CD-ROM, pins). A preview gives it to the VM and sets the VM's own aside for an undo; a commit or
 * a restore keeps it; a clone is made with it. A disk attached since the snapshot is detached, never
 * deleted; one detached since comes back if it can; one deleted since is gone, as the event says.
 *
 * <p>Each operation checks only the disks it reaches ({@link dev.flotilla.manager.snapshot.SnapshotReach}):
 * those whose chains change, and those it only detaches. What a manager stopped mid-way leaves is put
 * right at its next start: a Locked snapshot (SnapshotRecovery, which also drops a configuration set
 * aside by a preview never recorded) and a clone under way (CloneRecovery removes what it made).
 * A snapshot being made records its planned overlays before its host is asked (PlannedOverlays); one
 * whose answer was never recorded — the manager stopped, the answer timed out — is settled per disk
 * from what the host reports the VM runs on, or from the storage once the VM is Down
 * (LiveSnapshotSettling): taken when QEMU runs on the overlay, rolled back when it does not.
 */
package dev.flotilla.manager.snapshot;
