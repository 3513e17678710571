/** {@code flotilla snapshot}: a VM's snapshots, their chain, and what can be done with them. */
package dev.flotilla.cli.snapshot;
