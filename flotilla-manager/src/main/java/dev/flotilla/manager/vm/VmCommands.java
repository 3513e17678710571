package dev.flotilla.manager.vm;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * What the VM feature asks of a host's agent. Implemented by the agent link; a future completes
 * when the agent answers (or fails when the host is not connected).
 */
public interface VmCommands {

    enum Kind { SHUTDOWN, STOP, REBOOT, PAUSE, RESUME }

    /** The agent's answer: ok, or an error code and a sentence from the hypervisor. */
    record Outcome(boolean ok, String errorCode, String message) {
        public static Outcome success() {
            return new Outcome(true, "", "");
        }
    }

    CompletableFuture<Outcome> start(UUID hostId, Vm vm);

    CompletableFuture<Outcome> send(UUID hostId, UUID vmId, Kind kind);
}
