/**
 * Live migration of running VMs between hosts of a cluster: the action that picks the target
 * (through the scheduler, never the current host) and marks the VM MigratingFrom, the runner that
 * prepares the incoming VM on the target and drives the migration from the source, its progress
 * and outcome, and cancelling. The VM's status moves only by the migration's outcome; reconciliation
 * leaves a migrating VM alone.
 */
package dev.flotilla.manager.migration;
