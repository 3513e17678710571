/**
 * The {@code simulated} driver: a complete in-memory hypervisor for demos, tests and scale runs
 * (thousands of agents in one JVM). It keeps the rules of the qemu driver (states, reasons,
 * refusals) so the manager cannot tell the difference, plus fault settings
 * ({@link dev.flotilla.agent.driver.simulated.SimulatedFaults}) to exercise its failure paths.
 * It owns no threads: timers run on a scheduler the caller shares.
 */
package dev.flotilla.agent.driver.simulated;
