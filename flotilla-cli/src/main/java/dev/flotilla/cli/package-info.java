/**
 * The {@code flotilla} command: the root command with the options every command takes (where
 * the manager is, who logs in, how to print), and the one place failures become exit codes:
 * 0 done, 1 the manager said no or could not be reached, 2 the command line was wrong.
 * Each feature package ({@code vm}, {@code host}, {@code event}, {@code datacenter}) adds its
 * verbs and asks the root for the API client and the printer.
 */
package dev.flotilla.cli;
