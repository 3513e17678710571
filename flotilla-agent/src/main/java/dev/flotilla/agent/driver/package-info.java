/**
 * The hypervisor driver SPI: what the agent asks of a hypervisor, in the agent's own records
 * (never protocol messages, never QMP). Implementations: {@code qemu} (real QEMU over QMP) and
 * {@code simulated} (an in-memory hypervisor with fault settings, for demos, tests and scale runs).
 *
 * <p>Rules every driver keeps: VMs outlive the driver ({@link HypervisorDriver#close()} detaches,
 * it never kills); {@link HypervisorDriver#recover()} finds what still runs after an agent
 * restart; every state change is published to the listeners and also visible in
 * {@link HypervisorDriver#vms()}; a VM that stopped stays listed as STOPPED or CRASHED, with the
 * reason, until it is started again or {@link HypervisorDriver#forget(java.util.UUID)} is called.
 */
package dev.flotilla.agent.driver;
