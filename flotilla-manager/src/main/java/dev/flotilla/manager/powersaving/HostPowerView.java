package dev.flotilla.manager.powersaving;

import dev.flotilla.manager.host.HostStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * One host as power saving sees it: its status and link, its power management (present, under
 * policy control, last test: null never tested), the VMs placed on it or migrating to it, and
 * where power saving has it ({@code state} null: nowhere) since when.
 */
record HostPowerView(UUID id, String name, HostStatus status, boolean connected, boolean powerManagement, boolean policyControl,
                     Boolean lastTestOk, int vms, PowerSavingState state, Instant stateSince) {

    boolean idleUp() {
        return status == HostStatus.Up && vms == 0;
    }

    boolean is(PowerSavingState s) {
        return state == s;
    }
}
