package dev.flotilla.agent.managerlink;

import dev.flotilla.protocol.v1.AgentMessage;
import dev.flotilla.protocol.v1.VolumeProgress;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

/**
 * A long volume command's progress, told to the manager as it goes: qemu-img prints a line for
 * every hundredth of a percent, so only a change of at least one percent, at most every half
 * second, is sent.
 */
final class ProgressNotices implements DoubleConsumer {

    private static final long INTERVAL_NANOS = 500_000_000L;

    private final String commandId;
    private final Consumer<AgentMessage> notices;
    private double lastPercent = -1;
    private long lastSent;

    ProgressNotices(String commandId, Consumer<AgentMessage> notices) {
        this.commandId = commandId;
        this.notices = notices;
    }

    @Override
    public synchronized void accept(double percent) {
        long now = System.nanoTime();
        if (percent - lastPercent < 1 || (lastSent != 0 && now - lastSent < INTERVAL_NANOS)) {
            return;
        }
        lastPercent = percent;
        lastSent = now;
        notices.accept(AgentMessage.newBuilder().setVolumeProgress(VolumeProgress.newBuilder().setCommandId(commandId).setPercent(percent)).build());
    }
}
