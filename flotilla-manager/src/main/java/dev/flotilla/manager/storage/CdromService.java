package dev.flotilla.manager.storage;

import dev.flotilla.manager.action.ActionRunner;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.vm.Vm;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmStatus;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A VM's CD-ROM drive. The action records the change; for a running VM its host then changes the
 * medium live (QMP), and a host's refusal puts the record back as it was and answers 409 with the
 * host's words, so the record never claims a CD the guest does not have.
 */
@Service
public class CdromService {

    private static final Duration LIVE_TIMEOUT = Duration.ofSeconds(60);

    private final CdromRepository cdroms;
    private final CdromActions actions;
    private final ActionRunner runner;
    private final VmRepository vms;
    private final VmVolumes volumes;
    private final DiskService disks;
    private final StorageDomainRepository domains;
    private final CdromCommands commands;
    private final TransactionTemplate tx;

    CdromService(CdromRepository cdroms, CdromActions actions, ActionRunner runner, VmRepository vms, VmVolumes volumes,
                 DiskService disks, StorageDomainRepository domains, CdromCommands commands, TransactionTemplate tx) {
        this.disks = disks;
        this.domains = domains;
        this.cdroms = cdroms;
        this.actions = actions;
        this.runner = runner;
        this.vms = vms;
        this.volumes = volumes;
        this.commands = commands;
        this.tx = tx;
    }

    public Optional<VmCdrom> of(UUID vmId) {
        vms.get(vmId);
        return cdroms.of(vmId);
    }

    /** The name of a running VM whose drive holds this ISO (its host has the file open), if any. */
    public Optional<String> runningWith(UUID isoId) {
        return cdroms.usersOf(isoId).stream().map(vms::get).filter(vm -> vm.status().isAlive()).map(Vm::name).findFirst();
    }

    /** Every OK ISO image of the iso domains, to choose from. */
    public java.util.List<DiskResponse> isos() {
        return disks.list(null, null, new dev.flotilla.manager.api.PageRequest(0, dev.flotilla.manager.api.PageRequest.MAX_SIZE)).items().stream()
                .filter(d -> "OK".equals(d.status()) && domains.find(d.storageDomainId()).map(x -> x.role() == StorageRole.ISO).orElse(false))
                .toList();
    }

    public VmCdrom insert(UUID vmId, VmCdrom.Input in) {
        Optional<VmCdrom> before = cdroms.of(vmId);
        VmCdrom now = runner.run(actions.insert, new CdromActions.InsertInput(vmId, in));
        live(vmId, Optional.of(now), before);
        return now;
    }

    public void eject(UUID vmId) {
        Optional<VmCdrom> before = cdroms.of(vmId);
        runner.run(actions.eject, vmId);
        live(vmId, Optional.empty(), before);
    }

    private void live(UUID vmId, Optional<VmCdrom> wanted, Optional<VmCdrom> before) {
        Vm vm = vms.get(vmId);
        if (vm.status() != VmStatus.Up && vm.status() != VmStatus.Paused || vm.hostId() == null) {
            return;
        }
        String refusal;
        try {
            CdromCommands.CdromAnswer o = commands.changeCdrom(vm.hostId(), vmId, wanted.flatMap(c -> volumes.cdrom(vmId)))
                    .get(LIVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            refusal = o.ok() ? null : o.message();
        } catch (ExecutionException e) {
            refusal = e.getCause().getMessage();
        } catch (TimeoutException e) {
            refusal = "the host did not answer within " + LIVE_TIMEOUT.toSeconds() + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            refusal = "interrupted";
        }
        if (refusal != null) {
            tx.executeWithoutResult(s -> before.ifPresentOrElse(b -> cdroms.insert(vmId, b.isoId(), b.boot()), () -> cdroms.eject(vmId)));
            throw new ConflictException("the CD of VM %s could not be changed on its host: %s".formatted(vm.name(), refusal));
        }
    }
}
