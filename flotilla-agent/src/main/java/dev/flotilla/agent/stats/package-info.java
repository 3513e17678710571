/**
 * Host statistics the agent reports in every heartbeat: CPU busy percent, memory, load and
 * uptime. Parsing of the /proc files is pure ({@link dev.flotilla.agent.stats.ProcStats}) so it is
 * tested on sample text; {@link dev.flotilla.agent.stats.ProcHostStats} does the reading and keeps
 * the previous CPU sample, because a CPU percent only exists as a delta between two readings.
 */
package dev.flotilla.agent.stats;
