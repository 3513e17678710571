package dev.flotilla.manager.powersaving;

import dev.flotilla.manager.scheduling.ClusterPolicy;
import dev.flotilla.manager.scheduling.PowerSavingBalancer;
import dev.flotilla.manager.scheduling.SchedulingPolicy;

/**
 * A cluster's power saving switches: on only under a power saving policy (the built-in one or a
 * custom one with its balance unit) with EnableAutomaticHostPowerManagement=1; HostsInReserve idle
 * Up hosts stay on.
 */
record PowerSavingSettings(boolean enabled, int hostsInReserve) {

    static PowerSavingSettings of(ClusterPolicy policy) {
        boolean powerSaving = PowerSavingBalancer.NAME.equals(policy.schedulingPolicy().balancer());
        return new PowerSavingSettings(powerSaving && policy.parameter(SchedulingPolicy.ENABLE_AUTOMATIC_HOST_POWER_MANAGEMENT) == 1,
                policy.parameter(SchedulingPolicy.HOSTS_IN_RESERVE));
    }
}
