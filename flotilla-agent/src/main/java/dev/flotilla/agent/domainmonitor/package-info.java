/**
 * The storage domain monitor of a host, as vdsm has one: for each domain the manager asked this
 * host to watch, a check that reads from the domain every few seconds on a thread of its own with
 * a timeout ({@link dev.flotilla.agent.domainmonitor.DomainMonitor}). A storage server that stops
 * answering makes QEMU's NFS I/O hang without an error; the monitor turns that silence into an
 * invalid domain with a reason, reported in every heartbeat, so the manager can act on it, and a
 * hung check never blocks the agent nor piles up threads.
 */
package dev.flotilla.agent.domainmonitor;
