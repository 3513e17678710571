package dev.flotilla.manager.powersaving;

import dev.flotilla.manager.host.HostStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What power saving does in one cluster now, as a pure function of its hosts, so every rule is a
 * test with a list of hosts in and steps out:
 * <ul>
 *   <li>a host power saving switched off whose agent is back is activated (even with the feature
 *       off since: it is power saving's to give back);</li>
 *   <li>one switch at a time: nothing more while a host is being powered off or on (for at most
 *       {@code switchTimeout}, so a manager restart mid-switch does not block it for good);</li>
 *   <li>fewer idle Up hosts than HostsInReserve: power one on;</li>
 *   <li>more: power one off, never the last Up host, never one with VMs placed on or migrating to
 *       it, without power management, out of policy control, whose power management test failed,
 *       or that power saving switched on less than {@code keepOn} ago.</li>
 * </ul>
 */
final class PowerSavingRules {

    enum Kind { POWER_OFF, POWER_ON, ACTIVATE }

    record Step(Kind kind, HostPowerView host, String reason) {
    }

    private final Duration keepOn;
    private final Duration switchTimeout;

    PowerSavingRules(Duration keepOn, Duration switchTimeout) {
        this.keepOn = keepOn;
        this.switchTimeout = switchTimeout;
    }

    List<Step> decide(PowerSavingSettings settings, List<HostPowerView> hosts, Instant now) {
        List<Step> steps = new ArrayList<>();
        for (HostPowerView h : hosts) {
            if ((h.is(PowerSavingState.PoweringOn) || h.is(PowerSavingState.Off)) && h.status() == HostStatus.Maintenance && h.connected()) {
                steps.add(new Step(Kind.ACTIVATE, h, "its agent reconnected after power saving powered it on"));
            }
        }
        if (!settings.enabled() || !steps.isEmpty() || hosts.stream().anyMatch(h -> switching(h, now))) {
            return steps;
        }
        List<HostPowerView> idle = hosts.stream().filter(HostPowerView::idleUp).toList();
        long up = hosts.stream().filter(h -> h.status() == HostStatus.Up).count();
        String count = "%d idle Up host(s), HostsInReserve is %d".formatted(idle.size(), settings.hostsInReserve());
        if (idle.size() < settings.hostsInReserve()) {
            spare(hosts, Set.of()).ifPresent(h -> steps.add(new Step(Kind.POWER_ON, h, "the reserve ran short: " + count)));
        } else if (idle.size() > settings.hostsInReserve() && up > 1) {
            idle.stream().filter(h -> mayPowerOff(h, now)).max(Comparator.comparing(HostPowerView::name))
                    .ifPresent(h -> steps.add(new Step(Kind.POWER_OFF, h, "idle beyond the reserve: " + count)));
        }
        return steps;
    }

    /** The host to power on for capacity: one being powered on already, else an Off one, preferred ones first. */
    Optional<HostPowerView> spare(List<HostPowerView> hosts, Set<UUID> preferred) {
        Optional<HostPowerView> coming = hosts.stream().filter(h -> h.is(PowerSavingState.PoweringOn)).findFirst();
        if (coming.isPresent()) {
            return coming;
        }
        return hosts.stream().filter(h -> h.is(PowerSavingState.Off) && h.status() == HostStatus.Maintenance && h.powerManagement()
                        && !Boolean.FALSE.equals(h.lastTestOk()))
                .min(Comparator.comparing((HostPowerView h) -> !preferred.contains(h.id())).thenComparing(HostPowerView::name));
    }

    /** Why the host is (or is not) one power saving may switch off, in words for the API and the console. */
    String note(HostPowerView h, Instant now) {
        if (h.state() != null && h.state() != PowerSavingState.On) {
            return switch (h.state()) {
                case PoweringOff -> "being powered off by power saving";
                case Off -> "powered off by power saving; powered on again when capacity is needed";
                default -> "being powered on by power saving; activated when its agent reconnects";
            };
        }
        if (h.status() != HostStatus.Up) {
            return "is " + h.status();
        }
        if (h.vms() > 0) {
            return "runs or receives %d VM(s)".formatted(h.vms());
        }
        return refusal(h, now).orElse("idle: may be powered off beyond the reserve");
    }

    private boolean mayPowerOff(HostPowerView h, Instant now) {
        return refusal(h, now).isEmpty();
    }

    private Optional<String> refusal(HostPowerView h, Instant now) {
        if (!h.powerManagement()) {
            return Optional.of("idle, but has no power management");
        }
        if (!h.policyControl()) {
            return Optional.of("idle, but policy control of its power management is disabled");
        }
        if (Boolean.FALSE.equals(h.lastTestOk())) {
            return Optional.of("idle, but its last power management test failed; test it again");
        }
        if (h.is(PowerSavingState.On) && h.stateSince().plus(keepOn).isAfter(now)) {
            return Optional.of("idle, but power saving powered it on at %s and keeps it on until %s".formatted(h.stateSince(),
                    h.stateSince().plus(keepOn)));
        }
        return Optional.empty();
    }

    private boolean switching(HostPowerView h, Instant now) {
        return h.state() != null && h.state().switching() && h.stateSince().plus(switchTimeout).isAfter(now);
    }
}
