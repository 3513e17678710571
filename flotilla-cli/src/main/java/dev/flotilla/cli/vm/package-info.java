/**
 * {@code flotilla vm ...}: list, show, create, the power actions, delete and {@code wait}.
 * A VM is named on the command line by id or exact name; names are resolved through the
 * API's {@code ?name=} filter before the action is sent.
 */
package dev.flotilla.cli.vm;
