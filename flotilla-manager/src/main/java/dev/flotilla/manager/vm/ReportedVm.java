package dev.flotilla.manager.vm;

import java.util.UUID;

/** What a host says about one VM (translated from the protocol by the agent link). */
public record ReportedVm(UUID id, State state, String reason, Stats stats) {

    public enum State { STARTING, RUNNING, PAUSED, SHUTTING_DOWN, STOPPED, CRASHED;

        public boolean isAlive() {
            return this != STOPPED && this != CRASHED;
        }
    }

    public record Stats(double cpuPercent, long memoryRssMiB, long uptimeSeconds) {
    }
}
