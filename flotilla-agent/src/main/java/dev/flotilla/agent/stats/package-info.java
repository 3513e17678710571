/**
 * Host statistics the agent reports in every heartbeat: CPU busy percent, memory, load, uptime,
 * and disk and network rates. Parsing of the /proc files is pure ({@link dev.flotilla.agent.stats.ProcStats})
 * so it is tested on sample text; {@link dev.flotilla.agent.stats.ProcHostStats} does the reading and keeps
 * the previous sample, because a CPU percent or a byte rate only exists as a delta between two readings.
 */
package dev.flotilla.agent.stats;
