/**
 * Power management run on behalf of the manager: this host acts as a fence proxy and calls a
 * fence agent ({@code fence_ipmilan}) against ANOTHER host's BMC. The password reaches the tool
 * on its standard input, never on a command line or in a log.
 */
package dev.flotilla.agent.power;
