/**
 * Affinity groups (oVirt's): per cluster, VMs kept together or apart and on or off some hosts,
 * hard (enforcing) or soft. This package stores them and serves the API and console page; the
 * scheduler reads them from its snapshot through the {@code VmAffinity}, {@code VmToHostAffinity},
 * {@code VmAffinity} (score) and {@code PreferredHosts} units.
 */
package dev.flotilla.manager.affinity;
