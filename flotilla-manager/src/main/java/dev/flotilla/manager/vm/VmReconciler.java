package dev.flotilla.manager.vm;

import dev.flotilla.manager.events.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Compares what the database wants with what one host reports and decides the changes (oVirt's
 * VmAnalyzer, as a pure function). Rules:
 * <ul>
 *   <li>a reported state moves the VM's status (RUNNING: WaitForLaunch → PoweringUp → Up after
 *       {@code poweringUpDelay}; PAUSED → Paused; SHUTTING_DOWN → PoweringDown; STOPPED/CRASHED →
 *       Down with the host's reason);</li>
 *   <li>a VM the database places on this host that the host no longer reports goes Down with the
 *       reason, except a launch still within {@code launchGrace};</li>
 *   <li>a running VM the database has Down is adopted on this host (it evidently runs here) with a
 *       warning; one the database places on another host is only reported, unless it is a copy
 *       still waiting for a migration stream (STARTING) on a host that is not the VM's migration
 *       target: that copy never ran the guest, so it is returned as {@code staleIncoming} to be
 *       stopped (left by a migration whose manager died between preparing the target and its end);</li>
 *   <li>a VM the database does not know at all is returned as {@code unknown}: raised as an event,
 *       never killed.</li>
 * </ul>
 * With {@code partial} (a single event rather than a full report) missing VMs mean nothing.
 * <p>A live migration is decided by its own outcome, not by reports: while a VM is MigratingFrom,
 * its source's reports change nothing but a crash (→ Down), it may vanish from the source (its
 * process ends once the target runs it), and its copy on the target is expected.
 */
public final class VmReconciler {

    /** @param migratingTo the host a MigratingFrom VM is moving to (null otherwise): its copy there is expected */
    public record Wanted(UUID id, String name, VmStatus status, UUID hostId, Instant statusChangedAt, UUID migratingTo) {
        public Wanted(UUID id, String name, VmStatus status, UUID hostId, Instant statusChangedAt) {
            this(id, name, status, hostId, statusChangedAt, null);
        }
    }

    public record Result(List<VmChange> changes, List<ReportedVm> unknown, List<String> warnings, List<Wanted> staleIncoming) {
    }

    private final Duration poweringUpDelay;
    private final Duration launchGrace;

    public VmReconciler(Duration poweringUpDelay, Duration launchGrace) {
        this.poweringUpDelay = poweringUpDelay;
        this.launchGrace = launchGrace;
    }

    /**
     * @param known    every VM the database has among the reported ids and those placed on this host
     */
    public Result reconcile(UUID hostId, String hostName, Map<UUID, Wanted> known, List<ReportedVm> reported,
                            boolean partial, Instant now) {
        List<VmChange> changes = new ArrayList<>();
        List<ReportedVm> unknown = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<Wanted> staleIncoming = new ArrayList<>();
        Map<UUID, ReportedVm> byId = new HashMap<>();
        for (ReportedVm r : reported) {
            byId.put(r.id(), r);
        }
        for (Wanted w : known.values()) {
            if (!hostId.equals(w.hostId()) || byId.containsKey(w.id()) || partial) {
                continue;
            }
            boolean launching = w.status() == VmStatus.WaitForLaunch
                    && w.statusChangedAt().plus(launchGrace).isAfter(now);
            if (w.status().isAlive() && !launching && w.status() != VmStatus.MigratingFrom) {
                changes.add(new VmChange(w.id(), w.name(), w.status(), VmStatus.Down, null,
                        "the VM vanished: host %s no longer reports it".formatted(hostName), Severity.ERROR));
            }
        }
        for (ReportedVm r : reported) {
            Wanted w = known.get(r.id());
            if (w == null) {
                if (r.state().isAlive()) {
                    unknown.add(r);
                }
            } else if (hostId.equals(w.hostId())) {
                if (w.status() != VmStatus.MigratingFrom || r.state() == ReportedVm.State.CRASHED) {
                    follow(w, r, hostId, hostName, now).ifPresent(changes::add);
                }
            } else if (hostId.equals(w.migratingTo())) {
                continue; // the incoming copy of a migration: expected here
            } else if (r.state() == ReportedVm.State.STARTING && w.hostId() != null && w.status().isAlive()) {
                staleIncoming.add(w);
            } else if (r.state().isAlive()) {
                if (w.hostId() == null && w.status() == VmStatus.Down) {
                    changes.add(new VmChange(w.id(), w.name(), w.status(), statusOf(r.state()), hostId,
                            "found running on host %s although the manager had it Down".formatted(hostName), Severity.WARNING));
                } else {
                    warnings.add("VM %s is reported running on host %s but the manager places it on another host"
                            .formatted(w.name(), hostName));
                }
            }
        }
        return new Result(changes, unknown, warnings, staleIncoming);
    }

    private java.util.Optional<VmChange> follow(Wanted w, ReportedVm r, UUID hostId, String hostName, Instant now) {
        VmStatus to = switch (r.state()) {
            case STARTING -> w.status() == VmStatus.Down ? VmStatus.WaitForLaunch : w.status();
            case RUNNING -> running(w, now);
            case PAUSED -> VmStatus.Paused;
            case SHUTTING_DOWN -> VmStatus.PoweringDown;
            case STOPPED, CRASHED -> VmStatus.Down;
        };
        if (to == w.status() || !w.status().canTransitionTo(to)) {
            return java.util.Optional.empty();
        }
        String reason = switch (r.state()) {
            case STOPPED, CRASHED -> blankTo(r.reason(), "stopped on host " + hostName);
            case RUNNING -> w.status() == VmStatus.WaitForLaunch ? "running on host " + hostName : blankTo(r.reason(), "");
            default -> blankTo(r.reason(), "");
        };
        // a pause on a storage I/O error is the storage's failure, not the user's wish: worth an error in the event log
        Severity severity = r.state() == ReportedVm.State.CRASHED || reason.startsWith("storage I/O error") ? Severity.ERROR : Severity.INFO;
        return java.util.Optional.of(new VmChange(w.id(), w.name(), w.status(), to, to == VmStatus.Down ? null : hostId, reason, severity));
    }

    private VmStatus running(Wanted w, Instant now) {
        return switch (w.status()) {
            case WaitForLaunch -> VmStatus.PoweringUp;
            case PoweringUp -> w.statusChangedAt().plus(poweringUpDelay).isAfter(now) ? VmStatus.PoweringUp : VmStatus.Up;
            // the guest has not acted on the power button yet; it may never (that is what force is for)
            case PoweringDown -> VmStatus.PoweringDown;
            default -> VmStatus.Up;
        };
    }

    private static VmStatus statusOf(ReportedVm.State s) {
        return switch (s) {
            case PAUSED -> VmStatus.Paused;
            case SHUTTING_DOWN -> VmStatus.PoweringDown;
            default -> VmStatus.Up;
        };
    }

    private static String blankTo(String s, String fallback) {
        return s == null || s.isBlank() ? fallback : Objects.requireNonNull(s);
    }
}
