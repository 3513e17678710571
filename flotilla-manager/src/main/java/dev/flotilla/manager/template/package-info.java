/**
 * Templates: a stopped VM's configuration and flattened copies of its disks (a job), from which
 * VMs are made {@code thin} (each disk a qcow2 overlay over the template's volume, made at once) or
 * {@code clone} (each disk a full copy, a job). A template is deleted only when no thin VM's chain
 * reads from it; the 409 names those VMs.
 */
package dev.flotilla.manager.template;
