package dev.flotilla.agent.domainmonitor;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * What the monitor last found for one domain.
 *
 * @param checked        false until the first check ended (nothing is known yet, unless it overran)
 * @param valid          the last check read the domain within the timeout
 * @param lastCheckDelay how long the last ended check took
 * @param lastCheckAge   how long ago the last check ended, or the running one started when it overran
 * @param error          why the domain is invalid; empty when valid
 */
public record DomainHealth(String domainId, boolean checked, boolean valid, Duration lastCheckDelay, Duration lastCheckAge,
                           String error, OptionalLong totalBytes, OptionalLong freeBytes) {
}
