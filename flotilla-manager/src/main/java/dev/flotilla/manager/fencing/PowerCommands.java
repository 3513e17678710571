package dev.flotilla.manager.fencing;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** What power management asks of a proxy host's agent. Implemented by the agent link. */
public interface PowerCommands {

    /** One fence-agent call; {@code action} is {@code status}, {@code on}, {@code off} or {@code reboot}. */
    record FenceRequest(String agentType, String address, int port, String username, String password, boolean lanplus,
                        String cipher, String options, String action, int timeoutSeconds) {
        @Override
        public String toString() {
            return "FenceRequest[" + action + " " + username + "@" + address + ":" + port + "]";
        }
    }

    /** The proxy's answer: {@code powerStatus} is {@code on}, {@code off} or empty; {@code message} the tool's words. */
    record FenceResult(boolean ok, String powerStatus, String message) {
    }

    /** Fails (exceptionally) when the proxy is not connected. */
    CompletableFuture<FenceResult> fence(UUID proxyHostId, FenceRequest request);
}
