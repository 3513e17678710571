/**
 * Data centers and their clusters: the top of the object tree. A first start creates a data
 * center and a cluster both named {@code Default}, as oVirt does. A cluster holds hosts and VMs
 * and carries the overcommit settings the scheduler uses.
 */
package dev.flotilla.manager.datacenter;
