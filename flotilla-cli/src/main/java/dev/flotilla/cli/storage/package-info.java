/**
 * {@code flotilla storage} (storage domains) and {@code flotilla disk} (disks and their
 * attachment to VMs), over {@code /api/v1/storagedomains}, {@code /api/v1/disks} and
 * {@code /api/v1/vms/{id}/disks}.
 */
package dev.flotilla.cli.storage;
