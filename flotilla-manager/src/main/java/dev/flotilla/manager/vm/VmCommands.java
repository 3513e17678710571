package dev.flotilla.manager.vm;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * What the VM feature asks of a host's agent. Implemented by the agent link; a future completes
 * when the agent answers (or fails when the host is not connected).
 */
public interface VmCommands {

    enum Kind { SHUTDOWN, STOP, REBOOT, PAUSE, RESUME }

    /**
     * The agent's answer: ok, or an error code and a sentence from the hypervisor. {@code payload}
     * is what a command answers with (a screenshot's PNG; empty for power commands) and
     * {@code payloadType} its media type. The array is shared, not copied: do not change it.
     */
    record Outcome(boolean ok, String errorCode, String message, byte[] payload, String payloadType, int incomingPort,
                   MigrationFigures migration) {
        public Outcome(boolean ok, String errorCode, String message) {
            this(ok, errorCode, message, new byte[0], "", 0, null);
        }

        public static Outcome success() {
            return new Outcome(true, "", "");
        }
    }

    CompletableFuture<Outcome> start(UUID hostId, Vm vm);

    CompletableFuture<Outcome> send(UUID hostId, UUID vmId, Kind kind);

    /** Asks the host for the VM's screen; the outcome's payload is the PNG. */
    CompletableFuture<Outcome> screenshot(UUID hostId, UUID vmId);

    /** QEMU's figures of a completed live migration, and the source agent's own time before and after QEMU's. */
    record MigrationFigures(long downtimeMs, long totalTimeMs, long setupTimeMs, long transferredBytes, int finalDowntimeLimitMs,
                            long agentSetupMs, long agentFinishMs) {
    }

    /** How a live migration may run (see the agent's MigrationSettings). */
    record MigrationParameters(int maxDowntimeMs, long maxBandwidthBytesPerSecond, boolean autoConverge, boolean postCopy,
                               java.util.List<Integer> downtimeStepsMs) {
    }

    /** Starts the VM on {@code hostId} waiting for its live migration; the outcome's incomingPort says where. */
    CompletableFuture<Outcome> prepareIncoming(UUID hostId, Vm vm, boolean postCopy);

    /** Migrates the VM from {@code hostId}; completes when the migration ended, with QEMU's figures. */
    CompletableFuture<Outcome> migrate(UUID hostId, UUID vmId, String targetAddress, int targetPort, MigrationParameters parameters);

    CompletableFuture<Outcome> cancelMigration(UUID hostId, UUID vmId);

    /**
     * Has the source set its migration settings while the target starts ({@link #migrate} with the
     * same parameters then only starts it); an agent that cannot just lets {@code migrate} do it.
     */
    CompletableFuture<Outcome> prepareMigration(UUID hostId, UUID vmId, MigrationParameters parameters);

    /** Asks the host to connect to the VM's VNC server and open console stream {@code sessionId}. */
    CompletableFuture<Outcome> openConsole(UUID hostId, UUID vmId, String sessionId);
}
