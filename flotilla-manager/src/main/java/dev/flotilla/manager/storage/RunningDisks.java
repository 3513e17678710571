package dev.flotilla.manager.storage;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Which volume and domain a running VM's disk really uses, as its host last reported (implemented by the domain monitor feature). */
public interface RunningDisks {

    /** One disk as its VM's host runs it; {@code domainId} null when the host could not tell. */
    record Heard(UUID hostId, String volumeId, UUID domainId, Instant heardAt) {
    }

    /** Empty when no host of this manager process reported the VM running with that disk. */
    Optional<Heard> of(UUID vmId, UUID diskId);
}
