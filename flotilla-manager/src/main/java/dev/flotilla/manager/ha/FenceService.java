package dev.flotilla.manager.ha;

import dev.flotilla.manager.action.ActionRunner;
import dev.flotilla.manager.fencing.Fencer;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostRepository;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Fence actions as the API, the console and the CLI run them: checked and audited, then carried out. */
@Service
public class FenceService {

    private final ActionRunner runner;
    private final FenceHost check;
    private final Fencer fencer;
    private final HostRecovery recovery;
    private final HostRepository hosts;

    FenceService(ActionRunner runner, FenceHost check, Fencer fencer, HostRecovery recovery, HostRepository hosts) {
        this.runner = runner;
        this.check = check;
        this.fencer = fencer;
        this.recovery = recovery;
        this.hosts = hosts;
    }

    FenceController.FenceResponse fence(UUID hostId, String action) {
        Host h = runner.run(check, new FenceHost.Input(hostId, action));
        Fencer.Outcome o;
        switch (action) {
            case "manual" -> {
                boolean released = recovery.confirmedOff(hostId, "an admin confirmed it is off");
                o = new Fencer.Outcome(released, "off", released ? "host marked Down; its VMs were released" : "the host is no longer NonResponsive", "");
            }
            case "restart" -> {
                o = fencer.restart(h, () -> recovery.confirmedOff(hostId, "fenced by an admin: power off confirmed by its BMC"));
            }
            default -> o = fencer.run(h, action);
        }
        return new FenceController.FenceResponse(hostId, action, o.ok(), o.powerStatus(), o.message(), o.proxy(),
                hosts.get(hostId).status().name());
    }

    /** For the console's fence buttons. */
    public Fencer.Outcome fenceFromConsole(UUID hostId, String action) {
        var r = fence(hostId, action);
        return new Fencer.Outcome(r.ok(), r.powerStatus(), r.message(), r.proxy());
    }
}
