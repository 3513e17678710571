/**
 * Everything the agent says to the manager, and the only agent package that speaks the protocol:
 * enrollment (token parsing, CA pinning, key and CSR, the stored identity under
 * {@code <state-dir>/pki/}), the AgentLink stream over mutual TLS (Hello, Welcome, heartbeats,
 * VM events, command results), reconnection with backoff, and running the manager's commands on
 * the driver — one VM's commands in order, never on a gRPC thread.
 */
package dev.flotilla.agent.managerlink;
