package dev.flotilla.manager.storage;

import dev.flotilla.manager.action.ActionRunner;
import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.ConflictException;
import dev.flotilla.manager.api.ListResponse;
import dev.flotilla.manager.api.PageRequest;
import dev.flotilla.manager.datacenter.DataCenter;
import dev.flotilla.manager.datacenter.DataCenterRepository;
import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.host.Host;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The storage domain operations as the API and the console both call them. Create and activate
 * first ask a host of the data center to reach the storage and record nothing when it cannot:
 * the caller gets the host's reason (400 naming the field it points at, or 409) and the event log
 * keeps it.
 */
@Service
public class StorageDomainService {

    static final String DEFAULT_DATA_CENTER = "Default";

    private final StorageDomainRepository domains;
    private final DiskRepository disks;
    private final DataCenterRepository dataCenters;
    private final StorageHosts hosts;
    private final StorageCalls calls;
    private final StorageDomainActions actions;
    private final ActionRunner runner;
    private final EventLog events;
    private final TransactionTemplate tx;
    private final StorageDomainChecks checks;

    StorageDomainService(StorageDomainRepository domains, DiskRepository disks, DataCenterRepository dataCenters, StorageHosts hosts,
                         StorageCalls calls, StorageDomainActions actions, ActionRunner runner, EventLog events, TransactionTemplate tx,
                         StorageDomainChecks checks) {
        this.checks = checks;
        this.domains = domains;
        this.disks = disks;
        this.dataCenters = dataCenters;
        this.hosts = hosts;
        this.calls = calls;
        this.actions = actions;
        this.runner = runner;
        this.events = events;
        this.tx = tx;
    }

    public ListResponse<StorageDomainResponse> list(UUID dataCenterId, String name, PageRequest page) {
        return domains.list(dataCenterId, name, page).map(this::view);
    }

    /** One domain with each host's monitor of it. */
    public StorageDomainResponse get(UUID id) {
        return view(domains.get(id)).withMonitor(checks.hostChecks(id));
    }

    public StorageDomainResponse create(StorageDomainInput in) {
        StorageDomainRules.Checked checked = new StorageDomainRules().check(in);
        if (in.importing()) {
            DomainImport.refuseUnsupported(checked.type());
        }
        DataCenter dc = in.dataCenterId() == null
                ? dataCenters.findByName(DEFAULT_DATA_CENTER).orElseThrow(() -> BadRequestException.field("dataCenterId",
                        "is required: there is no data center named " + DEFAULT_DATA_CENTER))
                : dataCenters.find(in.dataCenterId()).orElseThrow(() -> BadRequestException.field("dataCenterId", "names no data center"));
        if (domains.findByName(checked.name()).isPresent()) {
            throw new ConflictException("a storage domain named %s already exists".formatted(checked.name()));
        }
        Host host = hosts.forNewDomain(dc, in.hostId(), checked.type());
        StorageDomain candidate = new StorageDomain(UUID.randomUUID(), checked.name(), checked.description(), checked.type(),
                checked.role(), StorageDomainStatus.Locked, "", dc.id(), checked.connection(), host.id(), null, null, null, 0, null);
        StorageAnswer report = calls.probe(host, candidate);
        if (!report.ok()) {
            String prefix = "storage domain %s (%s) cannot be added: host %s cannot use it".formatted(checked.name(), candidate.describe(), host.name());
            logError(new ObjectRef(dev.flotilla.manager.events.ObjectType.STORAGE_DOMAIN, null, checked.name()), prefix + ": " + report.message());
            throw StorageRefusals.ofConnection(checked.type(), checked.connection(), prefix, report);
        }
        var create = new StorageDomainActions.CreateInput(checked, dc, host, report);
        return in.importing() ? importDisks(create, candidate) : view(runner.run(actions.create, create));
    }

    /** Import Domain: the host lists what the domain holds, then the domain and the disks it can use are recorded at once. */
    private StorageDomainResponse importDisks(StorageDomainActions.CreateInput create, StorageDomain candidate) {
        DomainImport.Listing listing = calls.listVolumes(create.host(), candidate);
        if (!listing.answer().ok()) {
            String message = "storage domain %s (%s) cannot be imported: host %s cannot list its disks: %s"
                    .formatted(candidate.name(), candidate.describe(), create.host().name(), listing.answer().message());
            logError(new ObjectRef(dev.flotilla.manager.events.ObjectType.STORAGE_DOMAIN, null, candidate.name()), message);
            throw new ConflictException(message);
        }
        StorageDomainActions.ImportedDomain out = runner.run(actions.importing, new StorageDomainActions.ImportInput(create, listing));
        if (!out.plan().skipped().isEmpty()) {
            String skipped = out.plan().skipped().stream().map(s -> s.diskId() + " (" + s.reason() + ")")
                    .collect(java.util.stream.Collectors.joining("; "));
            tx.executeWithoutResult(s -> events.warning(StorageDomainActions.ref(out.domain()), "Import of storage domain %s left %d disk(s) unregistered: %s"
                    .formatted(out.domain().name(), out.plan().skipped().size(), skipped)));
        }
        return view(out.domain()).withImport(out.plan().result());
    }

    public StorageDomainResponse attach(UUID id, UUID dataCenterId) {
        if (dataCenterId == null) {
            throw BadRequestException.field("dataCenterId", "is required: the data center to attach the domain to");
        }
        dataCenters.find(dataCenterId).orElseThrow(() -> BadRequestException.field("dataCenterId", "names no data center"));
        return view(runner.run(actions.attach, new StorageDomainActions.MoveInput(id, dataCenterId)));
    }

    /** Asks a host of the data center to reach the domain; Active when it does, Inactive with the host's reason when not. */
    public StorageDomainResponse activate(UUID id) {
        StorageDomain d = domains.get(id);
        if (d.status() != StorageDomainStatus.Maintenance && d.status() != StorageDomainStatus.Inactive) {
            throw new ConflictException("storage domain %s is %s; only a domain in Maintenance or Inactive can be activated".formatted(d.name(), d.status()));
        }
        Host host = hosts.forDomain(d, dataCenterName(d));
        StorageAnswer report = calls.probe(host, d);
        if (!report.ok()) {
            String reason = "host %s cannot reach it: %s".formatted(host.name(), report.message());
            tx.executeWithoutResult(s -> {
                StorageDomain now = domains.get(id);
                if (now.status() != StorageDomainStatus.Inactive) {
                    domains.changeStatus(id, now.status(), StorageDomainStatus.Inactive, now.dataCenterId(), reason);
                }
                events.error(StorageDomainActions.ref(d), "Storage domain %s is Inactive: %s".formatted(d.name(), reason));
            });
            throw new ConflictException("storage domain %s could not be activated: %s".formatted(d.name(), reason));
        }
        return view(runner.run(actions.activated, new StorageDomainActions.ActivatedInput(id, host, report)));
    }

    public StorageDomainResponse deactivate(UUID id) {
        return view(runner.run(actions.deactivate, new StorageDomainActions.MoveInput(id, null)));
    }

    public StorageDomainResponse detach(UUID id) {
        return view(runner.run(actions.detach, new StorageDomainActions.MoveInput(id, null)));
    }

    public void delete(UUID id) {
        runner.run(actions.delete, id);
    }

    /** The LUNs of an iSCSI domain as a host finds them now, and which disk each holds. */
    public ListResponse<LunResponse> luns(UUID id) {
        StorageDomain d = domains.get(id);
        if (d.type() != StorageType.ISCSI) {
            throw new ConflictException("storage domain %s is %s; only iscsi domains have LUNs".formatted(d.name(), d.type().label()));
        }
        Host host = hosts.forDomain(d, dataCenterName(d));
        StorageAnswer report = calls.probe(host, d);
        if (!report.ok()) {
            throw new ConflictException("host %s cannot list the LUNs of storage domain %s: %s".formatted(host.name(), d.name(), report.message()));
        }
        tx.executeWithoutResult(s -> domains.replaceLuns(id, report.luns()));
        List<LunResponse> items = knownLuns(id);
        return new ListResponse<>(items, items.size());
    }

    /** The LUNs of an iSCSI domain as a host last listed them (no host is asked), and which disk each holds. */
    public List<LunResponse> knownLuns(UUID id) {
        var onLuns = disks.list(id, null, new PageRequest(0, PageRequest.MAX_SIZE)).items().stream()
                .filter(disk -> disk.lun() != null).collect(java.util.stream.Collectors.toMap(Disk::lun, disk -> disk, (a, b) -> a));
        return domains.luns(id).stream().map(l -> {
            Disk disk = onLuns.get(l.number());
            return new LunResponse(l.number(), l.sizeBytes(), disk == null ? null : disk.id(), disk == null ? null : disk.name());
        }).toList();
    }

    /** One LUN of an iSCSI domain and the disk on it, if any. */
    public record LunResponse(int lun, long sizeBytes, UUID diskId, String diskName) {
    }

    StorageDomainResponse view(StorageDomain d) {
        Long free = d.type() == StorageType.ISCSI ? FreeSpace.freeLunBytes(domains.luns(d.id()), disks.usedLuns(d.id())) : d.freeBytes();
        return StorageDomainResponse.of(d, free, disks.countOnDomain(d.id()));
    }

    private String dataCenterName(StorageDomain d) {
        return d.dataCenterId() == null ? "" : dataCenters.find(d.dataCenterId()).map(DataCenter::name).orElse("");
    }

    private void logError(ObjectRef ref, String message) {
        tx.executeWithoutResult(s -> events.error(ref, message));
    }
}
