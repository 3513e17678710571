package dev.flotilla.manager.scheduling;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of scheduling one VM: the chosen host, or none, and for every host the filter that
 * rejected it (so "no host fits" can say why, host by host).
 */
public record Placement(Optional<HostCandidate> host, List<Rejection> rejections) {

    public record Rejection(String host, String filter, String reason) {
        public String describe() {
            return "%s: %s (%s)".formatted(host, reason, filter);
        }
    }
}
