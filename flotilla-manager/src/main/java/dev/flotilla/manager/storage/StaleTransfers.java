package dev.flotilla.manager.storage;

import dev.flotilla.manager.storage.ImageTransfer.Phase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Expires uploads nobody finishes: a transfer that took no bytes for {@code flotilla.storage.transfer-idle-timeout}
 * (a day by default; an uploader may pause and resume, even across a manager restart) ends as
 * Expired, the host removes its staging file and the Locked disk goes, as a cancel would.
 */
@Component
class StaleTransfers {

    private static final Logger LOG = LoggerFactory.getLogger(StaleTransfers.class);

    private final ImageTransferRepository transfers;
    private final ImageTransferService service;
    private final Clock clock;
    private final Duration idle;

    StaleTransfers(ImageTransferRepository transfers, ImageTransferService service, Clock clock,
                   @Value("${flotilla.storage.transfer-idle-timeout:P1D}") Duration idle) {
        this.transfers = transfers;
        this.service = service;
        this.clock = clock;
        this.idle = idle;
    }

    @Scheduled(fixedDelayString = "${flotilla.storage.transfer-sweep-interval:PT1M}", initialDelayString = "${flotilla.storage.transfer-sweep-interval:PT1M}")
    void sweep() {
        expireIdleSince(clock.instant().minus(idle));
    }

    /** Ends every transfer taking bytes whose last bytes came before {@code cutoff}; answers how many. */
    int expireIdleSince(Instant cutoff) {
        int expired = 0;
        for (ImageTransfer t : transfers.inPhase(Phase.Transferring)) {
            if (t.updatedAt().isBefore(cutoff)) {
                try {
                    service.end(t, Phase.Expired, "no bytes came for " + idle, "Upload of %s expired: no bytes came for " + idle);
                    expired++;
                } catch (RuntimeException e) {
                    LOG.warn("could not expire transfer {}: {}", t.id(), e.getMessage());
                }
            }
        }
        return expired;
    }
}
