package dev.flotilla.manager.fencing;

import dev.flotilla.manager.events.EventLog;
import dev.flotilla.manager.events.ObjectRef;
import dev.flotilla.manager.host.Host;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Runs fence actions against a host's BMC through a proxy host's agent, trying the proxies in
 * preference order until one gets an answer from the BMC. Every attempt and every outcome is an
 * event on the fenced host. A restart is off, then status until the BMC says off, then on: only
 * a confirmed off lets the caller restart the host's VMs elsewhere.
 */
@Service
public class Fencer {

    /** How one fence action ended; {@code proxy} names the host that ran it (empty when none could). */
    /** The proxy name of an action the manager ran itself. */
    public static final String MANAGER = "manager";

    public record Outcome(boolean ok, String powerStatus, String message, String proxy) {
        public boolean confirmedOff() {
            return ok && "off".equals(powerStatus);
        }
    }

    private final PowerManagementRepository settings;
    private final SecretBox secrets;
    private final FenceProxies proxies;
    private final PowerCommands commands;
    private final EventLog events;
    private final Duration timeout;
    private final int confirmTries;
    private final Duration confirmInterval;
    private final boolean managerAsProxy;
    private final ManagerFenceAgent managerAgent;

    Fencer(PowerManagementRepository settings, SecretBox secrets, FenceProxies proxies, PowerCommands commands, EventLog events,
           @Value("${flotilla.fencing.timeout:PT60S}") Duration timeout,
           @Value("${flotilla.fencing.confirm-tries:10}") int confirmTries,
           @Value("${flotilla.fencing.confirm-interval:PT2S}") Duration confirmInterval,
           @Value("${flotilla.fencing.manager-as-proxy:true}") boolean managerAsProxy,
           @Value("${flotilla.fencing.agent:}") String fenceAgentPath) {
        this.managerAsProxy = managerAsProxy;
        this.managerAgent = fenceAgentPath.isBlank() ? ManagerFenceAgent.installed() : new ManagerFenceAgent(fenceAgentPath);
        this.settings = settings;
        this.secrets = secrets;
        this.proxies = proxies;
        this.commands = commands;
        this.events = events;
        this.timeout = timeout;
        this.confirmTries = confirmTries;
        this.confirmInterval = confirmInterval;
    }

    public boolean hasPowerManagement(Host host) {
        return settings.find(host.id()).isPresent();
    }

    /** One action ({@code status}, {@code on}, {@code off}) through the first proxy that reaches the BMC. */
    public Outcome run(Host host, String action) {
        PowerManagement pm = settings.find(host.id()).orElse(null);
        if (pm == null) {
            return failed(host, action, new Outcome(false, "", "host %s has no power management".formatted(host.name()), ""));
        }
        List<Host> candidates = proxies.candidates(host, pm.proxyPreference());
        String noProxy = "no other Up, connected host in the %s of host %s".formatted(String.join(" or ", pm.proxyPreference()), host.name());
        if (candidates.isEmpty() && !managerAsProxy) {
            return failed(host, action, new Outcome(false, "", "no fence proxy: " + noProxy + " (flotilla.fencing.manager-as-proxy is off)", ""));
        }
        PowerCommands.FenceRequest request = new PowerCommands.FenceRequest(pm.agentType(), pm.address(), pm.port(), pm.username(),
                secrets.open(pm.passwordSealed()), pm.lanplus(), pm.cipher(), pm.options(), action, (int) timeout.toSeconds());
        if (candidates.isEmpty()) {
            return throughManager(host, pm, action, request, noProxy);
        }
        List<String> problems = new ArrayList<>();
        for (Host proxy : candidates) {
            events.info(ref(host), "Fencing host %s: %s through proxy host %s (BMC %s:%d)".formatted(host.name(), action, proxy.name(),
                    pm.address(), pm.port()));
            Outcome o = call(proxy, request);
            if (o.ok()) {
                events.info(ref(host), "Fencing host %s: %s succeeded through %s; power is %s".formatted(host.name(), action,
                        proxy.name(), o.powerStatus().isEmpty() ? "unknown" : o.powerStatus()));
                return o;
            }
            events.error(ref(host), "Fencing host %s: %s through %s failed: %s".formatted(host.name(), action, proxy.name(), o.message()));
            problems.add(proxy.name() + ": " + o.message());
        }
        return new Outcome(false, "", String.join("; ", problems), "");
    }

    /** A power status read whose outcome is remembered as the host's last power management test. */
    public Outcome test(Host host) {
        Outcome o = run(host, "status");
        if (settings.find(host.id()).isPresent()) {
            settings.recordTest(host.id(), o.ok(), o.ok() ? "power is " + o.powerStatus() : o.message());
        }
        return o;
    }

    /**
     * Off, then status until the BMC says off, then {@code whenOff} (release the host's VMs: before
     * power on, so a quickly rebooting host cannot race it), then on. {@link Outcome#confirmedOff()}
     * tells whether off was confirmed.
     */
    public Outcome restart(Host host, Runnable whenOff) {
        Outcome status = powerOff(host);
        if (!status.confirmedOff()) {
            return status;
        }
        whenOff.run();
        Outcome on = run(host, "on");
        return new Outcome(true, "off", on.ok() ? "powered off, then on again" : "powered off; power on failed: " + on.message(),
                status.proxy());
    }

    /** Off, then status until the BMC says off; {@link Outcome#confirmedOff()} tells whether it did. */
    public Outcome powerOff(Host host) {
        Outcome off = run(host, "off");
        if (!off.ok()) {
            return off;
        }
        Outcome status = off;
        for (int i = 0; i < confirmTries; i++) {
            status = run(host, "status");
            if (status.confirmedOff()) {
                break;
            }
            sleep(confirmInterval);
        }
        if (!status.confirmedOff()) {
            events.error(ref(host), "Fencing host %s: the BMC never confirmed power off (%d status reads)".formatted(host.name(), confirmTries));
            return new Outcome(false, status.powerStatus(), "power off not confirmed", status.proxy());
        }
        events.warning(ref(host), "Host %s is powered off (confirmed by its BMC through %s)".formatted(host.name(), status.proxy()));
        return status;
    }

    /** The last proxy: the manager's own fence_ipmilan, when no host can be one. */
    private Outcome throughManager(Host host, PowerManagement pm, String action, PowerCommands.FenceRequest request, String why) {
        events.info(ref(host), "Fencing host %s: %s through the manager itself, the last proxy (%s; BMC %s:%d)".formatted(host.name(),
                action, why, pm.address(), pm.port()));
        PowerCommands.FenceResult r = managerAgent.run(request);
        Outcome o = new Outcome(r.ok(), r.powerStatus(), r.message(), MANAGER);
        if (o.ok()) {
            events.info(ref(host), "Fencing host %s: %s succeeded through the manager; power is %s".formatted(host.name(), action,
                    o.powerStatus().isEmpty() ? "unknown" : o.powerStatus()));
        } else {
            events.error(ref(host), "Fencing host %s: %s through the manager failed: %s".formatted(host.name(), action, o.message()));
        }
        return o;
    }

    private Outcome call(Host proxy, PowerCommands.FenceRequest request) {
        try {
            PowerCommands.FenceResult r = commands.fence(proxy.id(), request)
                    .get(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
            return new Outcome(r.ok(), r.powerStatus(), r.message(), proxy.name());
        } catch (TimeoutException e) {
            return new Outcome(false, "", "the proxy did not answer within " + timeout.toSeconds() + " s", proxy.name());
        } catch (ExecutionException e) {
            return new Outcome(false, "", e.getCause() == null ? String.valueOf(e) : e.getCause().getMessage(), proxy.name());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, "", "interrupted", proxy.name());
        }
    }

    private Outcome failed(Host host, String action, Outcome o) {
        events.error(ref(host), "Fencing host %s: %s not possible: %s".formatted(host.name(), action, o.message()));
        return o;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static ObjectRef ref(Host h) {
        return ObjectRef.host(h.id(), h.name());
    }
}
