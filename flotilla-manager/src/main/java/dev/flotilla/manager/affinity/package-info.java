/**
 * Placement constraints a user sets: oVirt's affinity groups (per cluster, VMs kept together or
 * apart and on or off some hosts, hard when enforcing, soft otherwise) and the hosts a VM is
 * pinned to ({@code /api/v1/vms/{id}/pinnedhosts}). This package stores them and serves their
 * API; the scheduler sees them in its snapshot through the units VmAffinity (filter and score),
 * VmToHostAffinity, PreferredHosts and PinToHost.
 */
package dev.flotilla.manager.affinity;
