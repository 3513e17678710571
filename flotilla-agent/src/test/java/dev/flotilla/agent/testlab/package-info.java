/**
 * The storage test lab for tests of this module and of flotilla-it (shipped in the test-jar):
 * {@link dev.flotilla.agent.testlab.StorageLab} runs {@code tools/storage-lab/lab.sh} once per JVM
 * and hands out its addresses, exports, IQNs and host namespaces. Also {@link dev.flotilla.agent.testlab.IpmiSim},
 * an ipmi_sim BMC for the fence tests here and the HA fleet's hosts.
 */
package dev.flotilla.agent.testlab;
