/**
 * Hosts (hypervisors): enrollment tokens and approval, the host state machine, what each host
 * last reported (facts, stats, heartbeat time) and the heartbeat monitor that moves a silent
 * host to Connecting and then NonResponsive. The host's agent is reached only through
 * {@code agentlink}.
 */
package dev.flotilla.manager.host;
