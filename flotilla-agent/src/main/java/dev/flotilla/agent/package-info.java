/**
 * The host agent: {@link dev.flotilla.agent.AgentMain} reads the command line and runs one
 * {@link dev.flotilla.agent.Agent}; an {@code Agent} composes a driver, the host's facts and
 * stats, and the link to the manager. Agents are embeddable: a benchmark runs thousands in one
 * JVM, all sharing one {@link dev.flotilla.agent.AgentRuntime} (event loop, executors, timers).
 */
package dev.flotilla.agent;
