/**
 * Power saving (oVirt's automatic host power management under the power_saving policy): idle Up
 * hosts beyond the cluster's HostsInReserve are put into Maintenance and powered off through
 * their BMC; one is powered on again when the reserve runs short or when no host fits a VM, and
 * activated when its agent reconnects. The decisions are {@link PowerSavingRules} (pure), the
 * loop and the switch carry them out; every step is an event saying why.
 */
package dev.flotilla.manager.powersaving;
