package dev.flotilla.manager.snapshot;

import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.storage.DiskRecords;
import dev.flotilla.manager.storage.DiskRepository;
import dev.flotilla.manager.storage.StorageDomain;
import dev.flotilla.manager.storage.StorageDomainRepository;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmService;
import dev.flotilla.manager.vm.VmStatus;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * At the manager's start, a clone from a snapshot that a stopped manager left under way (its job
 * is marked failed by the jobs feature) is removed as a failed copy would have been: the new VM
 * and the disk rows made for it, in one transaction per clone. Without this the VM stayed without
 * disks and its disks Locked ("being made") for ever, which no user action could end. The hosts
 * are not asked to remove the copies' volumes (they may not be connected yet at start): the event
 * names each volume, which its .meta names on the storage, for the admin.
 */
@Component
class CloneRecovery {

    private static final Logger log = LoggerFactory.getLogger(CloneRecovery.class);

    private final CloneRecords clones;
    private final VmRepository vmRecords;
    private final VmService vms;
    private final DiskRepository disks;
    private final DiskRecords records;
    private final StorageDomainRepository domains;
    private final EventLog events;
    private final TransactionTemplate tx;

    CloneRecovery(CloneRecords clones, VmRepository vmRecords, VmService vms, DiskRepository disks, DiskRecords records,
                  StorageDomainRepository domains, EventLog events, TransactionTemplate tx) {
        this.clones = clones;
        this.vmRecords = vmRecords;
        this.vms = vms;
        this.disks = disks;
        this.records = records;
        this.domains = domains;
        this.events = events;
        this.tx = tx;
    }

    @EventListener(ApplicationReadyEvent.class)
    void removeCutClones() {
        for (CloneRecords.Pending p : clones.all()) {
            tx.executeWithoutResult(st -> remove(p));
        }
    }

    private void remove(CloneRecords.Pending p) {
        Vm vm = vmRecords.get(p.vmId());
        List<String> volumes = new ArrayList<>();
        for (var id : p.diskIds()) {
            disks.find(id).ifPresent(d -> {
                volumes.add("%s of disk %s on storage domain %s".formatted(d.volumeId(), d.name(),
                        domains.find(d.storageDomainId()).map(StorageDomain::name).orElse(d.storageDomainId().toString())));
                records.delete(id);
            });
        }
        clones.end(vm.id());
        // it has no disk of its own yet, but it may have been started from its CD-ROM meanwhile: then the admin stops and deletes it
        boolean down = vm.status() == VmStatus.Down;
        if (down) {
            vms.delete(vm.id());
        }
        String message = "The clone into VM %s was cut by a manager restart: %s its %d disk(s) were removed%s".formatted(vm.name(),
                down ? "the VM and" : "the VM is %s, so it is left to stop and delete by hand;".formatted(vm.status()), volumes.size(),
                volumes.isEmpty() ? "" : "; volume(s) maybe left on the storage to remove by hand: " + String.join(", ", volumes));
        events.warning(ObjectRef.vm(vm.id(), vm.name()), message);
        log.warn(message);
    }
}
