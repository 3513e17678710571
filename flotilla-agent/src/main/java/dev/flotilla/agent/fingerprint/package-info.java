/**
 * Host facts reported at enrollment and in Hello: host name, CPU model and flags, logical CPUs,
 * memory, OS and kernel. The manager schedules against these (CPU flags decide migration
 * compatibility later). Parsing is pure ({@link dev.flotilla.agent.fingerprint.FactParsers});
 * {@link dev.flotilla.agent.fingerprint.HostFingerprint#probe()} reads the real files.
 */
package dev.flotilla.agent.fingerprint;
