/**
 * Snapshots of VMs: several per VM, each the state of all its disks at one moment, kept as a
 * chain of volumes per disk (the {@code volume} table; a snapshot's volume is the one that was
 * active when it was taken, a new qcow2 overlay becoming active). Create, list as a chain, preview
 * (the VM runs from a new overlay on the snapshot's volume) and commit or undo the preview, restore,
 * and delete with a merge run as a job. A merge is recorded before and after each disk's step (the
 * database here, the volume's .meta file on the agent), each step can be run again, and a failure
 * leaves every chain readable, so a failed delete is retried by deleting again.
 */
package dev.flotilla.manager.snapshot;
