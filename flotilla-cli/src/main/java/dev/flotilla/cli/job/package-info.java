/** {@code flotilla job}: the manager's long operations, their steps and progress. */
package dev.flotilla.cli.job;
