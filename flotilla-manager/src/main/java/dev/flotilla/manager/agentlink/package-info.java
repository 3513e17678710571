/**
 * The only part of the manager that speaks the agent protocol: the gRPC server (mutual TLS),
 * the manager's certificate authority, enrollment with one-time tokens, one stream per connected
 * host ({@link AgentSession}) and the translation between protocol messages and the records of
 * the host and VM features. It implements {@link dev.flotilla.manager.vm.VmCommands}.
 */
package dev.flotilla.manager.agentlink;
