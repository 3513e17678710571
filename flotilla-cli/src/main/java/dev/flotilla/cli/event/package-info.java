/** {@code flotilla event list}: the audit log of the manager, newest first. */
package dev.flotilla.cli.event;
