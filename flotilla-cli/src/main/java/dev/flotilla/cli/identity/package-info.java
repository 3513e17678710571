/** {@code flotilla user|group|role|permission|domain|auth}: identity and permissions from the command line. */
package dev.flotilla.cli.identity;
