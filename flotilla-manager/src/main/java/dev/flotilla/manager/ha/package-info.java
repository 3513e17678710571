/**
 * High availability: what happens when a host stops answering. With power management the host is
 * restarted through a proxy and its VMs are released only once its BMC says off; when fencing
 * fails, only after the host's self-fencing lease has surely run out; without power management,
 * only when an admin confirms the host is off. Released highly available VMs are restarted on
 * other hosts by the scheduler, by priority, with back-off; the others go Down. Also the lease
 * terms the agent link hands to every host.
 */
package dev.flotilla.manager.ha;
