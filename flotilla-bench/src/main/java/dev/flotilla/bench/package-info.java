/**
 * Benchmarks: programs that start a real manager process and measure it, never tests. Results and
 * the commands that made them go to BENCHMARKS.md at the repository root.
 */
package dev.flotilla.bench;
