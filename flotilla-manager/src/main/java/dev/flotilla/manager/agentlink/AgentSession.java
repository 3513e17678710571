package dev.flotilla.manager.agentlink;

import dev.flotilla.protocol.v1.Command;
import dev.flotilla.protocol.v1.CommandResult;
import dev.flotilla.protocol.v1.ManagerMessage;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One connected host: the open stream to its agent and the commands waiting for an answer.
 * Sends are synchronised because a gRPC StreamObserver is not thread-safe.
 */
final class AgentSession {

    private final UUID hostId;
    private final String hostName;
    private final StreamObserver<ManagerMessage> out;
    private final Map<String, CompletableFuture<CommandResult>> pending = new ConcurrentHashMap<>();
    /** Who hears a running command's progress (a volume copy), by command id, until it is answered. */
    private final Map<String, java.util.function.DoubleConsumer> progress = new ConcurrentHashMap<>();
    private volatile boolean open = true;
    /** The storage domains this stream last told the agent to watch; a new stream has told it none. */
    private dev.flotilla.protocol.v1.WatchDomains watching = dev.flotilla.protocol.v1.WatchDomains.getDefaultInstance();

    AgentSession(UUID hostId, String hostName, StreamObserver<ManagerMessage> out) {
        this.hostId = hostId;
        this.hostName = hostName;
        this.out = out;
    }

    UUID hostId() {
        return hostId;
    }

    String hostName() {
        return hostName;
    }

    synchronized void send(ManagerMessage message) {
        if (open) {
            out.onNext(message);
        }
    }

    /** True (and remembered) when {@code next} differs from what this stream last told the agent to watch. */
    synchronized boolean watchChanged(dev.flotilla.protocol.v1.WatchDomains next) {
        boolean same = next.equals(watching) || next.getDomainsCount() == 0 && watching.getDomainsCount() == 0;
        if (!same) {
            watching = next;
        }
        return !same;
    }

    /** Sends a command; the future completes with the agent's result, whatever it says. */
    CompletableFuture<CommandResult> command(Command.Builder command) {
        return command(command, null);
    }

    /** Sends a command whose progress {@code onProgress} hears while it runs. */
    CompletableFuture<CommandResult> command(Command.Builder command, java.util.function.DoubleConsumer onProgress) {
        String id = UUID.randomUUID().toString();
        CompletableFuture<CommandResult> future = new CompletableFuture<>();
        pending.put(id, future);
        if (onProgress != null) {
            progress.put(id, onProgress);
        }
        future.whenComplete((r, e) -> {
            pending.remove(id);
            progress.remove(id);
        });
        try {
            send(ManagerMessage.newBuilder().setCommand(command.setCommandId(id)).build());
        } catch (RuntimeException e) {
            future.completeExceptionally(new IllegalStateException("could not send to host " + hostName + ": " + e.getMessage(), e));
        }
        if (!open) {
            future.completeExceptionally(new IllegalStateException("host %s disconnected".formatted(hostName)));
        }
        return future;
    }

    void progressed(dev.flotilla.protocol.v1.VolumeProgress p) {
        java.util.function.DoubleConsumer listener = progress.get(p.getCommandId());
        if (listener != null) {
            listener.accept(p.getPercent());
        }
    }

    void answered(CommandResult result) {
        CompletableFuture<CommandResult> f = pending.get(result.getCommandId());
        if (f != null) {
            f.complete(result);
        }
    }

    /** The stream ended: nothing waiting will be answered on it. */
    void closed(String why) {
        open = false;
        pending.values().forEach(f -> f.completeExceptionally(
                new IllegalStateException("host %s disconnected before answering (%s)".formatted(hostName, why))));
    }

    /** Ends our side of the stream after the agent ended its side. */
    synchronized void complete() {
        try {
            out.onCompleted();
        } catch (RuntimeException ignored) {
            // already closed
        }
    }

    /** Ends the stream with an error the agent will log (wrong protocol version, Hello missing). */
    synchronized void fail(RuntimeException error) {
        open = false;
        try {
            out.onError(error);
        } catch (RuntimeException ignored) {
            // already closed
        }
    }

    /** Replaced by a newer stream of the same host (the agent reconnected before we noticed the old one died). */
    void supersede() {
        closed("the agent reconnected");
        synchronized (this) {
            try {
                out.onError(Status.ABORTED.withDescription("superseded by a newer connection of the same host").asRuntimeException());
            } catch (RuntimeException ignored) {
                // the old stream may already be gone
            }
        }
    }
}
