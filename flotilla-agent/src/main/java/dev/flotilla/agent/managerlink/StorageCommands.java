package dev.flotilla.agent.managerlink;

import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.storage.StorageConnection;
import dev.flotilla.agent.storage.StorageException;
import dev.flotilla.agent.storage.StorageProbe;
import dev.flotilla.agent.storage.VolumeInfo;
import dev.flotilla.agent.storage.VolumeRef;
import dev.flotilla.agent.storage.VolumeStore;
import dev.flotilla.protocol.v1.CreateVolume;
import dev.flotilla.protocol.v1.DeleteVolume;
import dev.flotilla.protocol.v1.ProbeStorage;
import dev.flotilla.protocol.v1.ResizeVolume;
import dev.flotilla.protocol.v1.StorageAnswer;

/**
 * The manager's storage commands on this host: probe a domain, make, grow and remove volumes.
 * After a change on a file domain the answer carries the domain's new free space, so the manager's
 * figures follow every disk made or removed without a probe of its own.
 */
final class StorageCommands {

    private final StorageProbe probe;
    private final VolumeStore volumes;

    StorageCommands(StorageProbe probe, VolumeStore volumes) {
        this.probe = probe;
        this.volumes = volumes;
    }

    StorageAnswer probe(ProbeStorage command) throws DriverException {
        return StorageWire.report(probe.probe(StorageWire.connection(command.getDomain()))).build();
    }

    StorageAnswer create(CreateVolume command) throws DriverException {
        StorageConnection domain = StorageWire.connection(command.getVolume().getDomain());
        VolumeRef ref = StorageWire.volume(command.getVolume());
        VolumeInfo made = volumes.create(domain, ref, command.getSizeBytes(), command.getDescription());
        return space(domain).setVolume(StorageWire.size(made)).build();
    }

    StorageAnswer resize(ResizeVolume command) throws DriverException {
        StorageConnection domain = StorageWire.connection(command.getVolume().getDomain());
        VolumeInfo grown = volumes.resize(domain, StorageWire.volume(command.getVolume()), command.getSizeBytes(), command.getDescription());
        return space(domain).setVolume(StorageWire.size(grown)).build();
    }

    StorageAnswer delete(DeleteVolume command) throws DriverException {
        StorageConnection domain = StorageWire.connection(command.getVolume().getDomain());
        volumes.delete(domain, StorageWire.volume(command.getVolume()));
        return space(domain).build();
    }

    /** The domain's space now; iSCSI LUNs do not change size with their content, so it is not asked. */
    private StorageAnswer.Builder space(StorageConnection domain) {
        if (domain instanceof StorageConnection.Iscsi) {
            return StorageAnswer.newBuilder();
        }
        try {
            return StorageWire.report(probe.probe(domain));
        } catch (StorageException e) {
            // the change itself succeeded; the figures come with the next command or probe
            return StorageAnswer.newBuilder().setSummary("space unknown: " + e.getMessage());
        }
    }
}
