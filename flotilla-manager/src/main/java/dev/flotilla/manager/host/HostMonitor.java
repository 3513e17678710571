package dev.flotilla.manager.host;

import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Host states from the stream and heartbeats. A host that connects goes Initializing then Up (a
 * host in Maintenance stays there); a host whose stream drops or whose heartbeats stop goes
 * Connecting, and after the grace period NonResponsive. Listeners (the VM monitor) hear about
 * silent hosts so their VMs' states can follow.
 *
 * <p>After a manager restart, a host its agent has not reached yet gets {@code startupGrace}
 * before it is NonResponsive (oVirt's DisableFenceAtStartupInSec): agents that lost the old
 * process retry with a back-off of up to 30 s, and a host declared NonResponsive is fenced when
 * it has power management, so without it a manager restart would power off healthy hosts whose
 * agent simply had not retried yet (and settle their migrations as lost).
 */
@Service
public class HostMonitor implements ApplicationRunner {

    /** Told when a host goes silent or comes back, so the VMs on it can follow. */
    public interface HostStatusListener {
        void hostStatusChanged(Host host, HostStatus from, HostStatus to);
    }

    private final HostRepository hosts;
    private final HostPresence presence;
    private final EventLog events;
    private final Clock clock;
    private final Duration connectingAfter;
    private final Duration nonResponsiveAfter;
    private final Duration startupGrace;
    /** Hosts whose agent connected to this process: only they are judged by the plain grace period. */
    private final java.util.Set<UUID> seenSinceStart = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<HostStatusListener> listeners = new CopyOnWriteArrayList<>();

    HostMonitor(HostRepository hosts, HostPresence presence, EventLog events, Clock clock,
                @Value("${flotilla.hosts.connecting-after:PT8S}") Duration connectingAfter,
                @Value("${flotilla.hosts.non-responsive-after:PT20S}") Duration nonResponsiveAfter,
                @Value("${flotilla.hosts.startup-grace:PT2M}") Duration startupGrace) {
        this.hosts = hosts;
        this.presence = presence;
        this.events = events;
        this.clock = clock;
        this.connectingAfter = connectingAfter;
        this.nonResponsiveAfter = nonResponsiveAfter;
        this.startupGrace = startupGrace.compareTo(nonResponsiveAfter) > 0 ? startupGrace : nonResponsiveAfter;
    }

    public void addListener(HostStatusListener listener) {
        listeners.add(listener);
    }

    /** After a manager restart every host must prove itself again: Up hosts become Connecting until their agent dials in. */
    @Override
    public void run(ApplicationArguments args) {
        Instant now = clock.instant();
        for (Host h : hosts.all()) {
            presence.expectSince(h.id(), now);
            if (h.status().expectsHeartbeats() && !presence.isConnected(h.id())) {
                move(h, HostStatus.Connecting, "the manager restarted; waiting for the host's agent to reconnect");
            }
        }
    }

    /** The agent opened its stream and said Hello. */
    public void connected(UUID hostId, HostFacts facts) {
        presence.connected(hostId, clock.instant());
        seenSinceStart.add(hostId);
        Host h = hosts.get(hostId);
        hosts.updateFacts(hostId, facts);
        switch (h.status()) {
            case Maintenance, PendingApproval -> { }
            case Up, Initializing -> { }
            default -> {
                Host now = move(h, HostStatus.Initializing, "the agent connected");
                if (now != null) {
                    events.info(ref(h), "Host %s connected: %s, %d CPUs, %d MiB, driver %s (%s)".formatted(
                            h.name(), facts.cpuModel(), facts.cpuCores(), facts.memoryMiB(), facts.driver(), facts.accel()));
                }
            }
        }
    }

    /** The Hello has been processed (VMs reconciled): an Initializing host is ready. */
    public void initialized(UUID hostId) {
        Host h = hosts.get(hostId);
        if (h.status() == HostStatus.Initializing) {
            move(h, HostStatus.Up, "");
        }
    }

    public void heartbeat(UUID hostId, HostStats stats) {
        presence.heard(hostId, clock.instant(), stats);
    }

    public void disconnected(UUID hostId, String why) {
        presence.disconnected(hostId);
        hosts.find(hostId).filter(h -> h.status().expectsHeartbeats())
                .ifPresent(h -> move(h, HostStatus.Connecting, "the agent's connection closed: " + why));
    }

    /** Every second: silent hosts move to Connecting, then to NonResponsive after the grace period. */
    @Scheduled(fixedDelayString = "${flotilla.hosts.check-interval-ms:1000}")
    public void checkSilence() {
        Instant now = clock.instant();
        List<Host> all = new ArrayList<>(hosts.all());
        for (Host h : all) {
            Instant last = presence.get(h.id()).map(HostPresence.Live::lastContact).orElse(now);
            Duration silent = Duration.between(last, now);
            boolean fresh = presence.isConnected(h.id()) && silent.compareTo(connectingAfter) <= 0;
            if (fresh && (h.status() == HostStatus.Connecting || h.status() == HostStatus.NonResponsive)) {
                recover(h);
            } else if (h.status().expectsHeartbeats() && silent.compareTo(connectingAfter) > 0) {
                move(h, HostStatus.Connecting, "no heartbeat for %d s".formatted(silent.toSeconds()));
            } else if (h.status() == HostStatus.Connecting && silent.compareTo(graceFor(h)) > 0) {
                move(h, HostStatus.NonResponsive, "no contact for %d s (grace period %d s%s)".formatted(silent.toSeconds(),
                        graceFor(h).toSeconds(), seenSinceStart.contains(h.id()) ? "" : ", the start-up grace: its agent never reached this manager process"));
            }
        }
    }

    private Duration graceFor(Host h) {
        return seenSinceStart.contains(h.id()) ? nonResponsiveAfter : startupGrace;
    }

    /**
     * A host whose heartbeats were late (a busy manager, a slow link) but whose stream stayed open
     * and now speaks again: back to Up, without waiting for a reconnect that will never come.
     */
    private void recover(Host h) {
        Host now = h.status() == HostStatus.NonResponsive ? move(h, HostStatus.Initializing, "heartbeats resumed") : h;
        if (now != null) {
            move(now, HostStatus.Up, "heartbeats resumed");
        }
    }

    /**
     * Power management or an admin confirmed that the silent host is off: NonResponsive → Down.
     * Null when the host is no longer NonResponsive (it came back meanwhile).
     */
    public Host confirmedOff(UUID hostId, String reason) {
        Host h = hosts.get(hostId);
        return h.status() == HostStatus.NonResponsive ? move(h, HostStatus.Down, reason) : null;
    }

    /**
     * The host cannot use what its data center needs (a storage domain the other hosts reach): Up →
     * NonOperational, so no VM is placed on it. Null when the host is no longer Up.
     */
    public Host nonOperational(UUID hostId, String reason) {
        Host h = hosts.get(hostId);
        return h.status() == HostStatus.Up ? move(h, HostStatus.NonOperational, reason) : null;
    }

    /**
     * What made the host NonOperational is gone: back to Up through Initializing, as oVirt's automatic
     * recovery does. Null when the host is no longer NonOperational.
     */
    public Host operationalAgain(UUID hostId, String reason) {
        Host h = hosts.get(hostId);
        Host now = h.status() == HostStatus.NonOperational ? move(h, HostStatus.Initializing, reason) : null;
        return now == null ? null : move(now, HostStatus.Up, reason);
    }

    /** Moves the host and tells the listeners; null when it was moved by someone else first. */
    Host move(Host h, HostStatus to, String reason) {
        if (h.status() == to || !hosts.changeStatus(h.id(), h.status(), to, reason)) {
            return null;
        }
        Host now = h.withStatus(to, reason);
        String message = "Host %s is %s".formatted(h.name(), to) + (reason.isBlank() ? "" : ": " + reason);
        switch (to) {
            case NonResponsive, NonOperational -> events.error(ref(h), message);
            case Connecting -> events.warning(ref(h), message);
            default -> events.info(ref(h), message);
        }
        for (HostStatusListener l : listeners) {
            l.hostStatusChanged(now, h.status(), to);
        }
        return now;
    }

    static ObjectRef ref(Host h) {
        return ObjectRef.host(h.id(), h.name());
    }
}
