package dev.flotilla.agent;

import dev.flotilla.agent.fingerprint.HostFingerprint;
import dev.flotilla.agent.managerlink.ManagerChannels;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads shared by every agent in the JVM: a Netty event loop for the sockets, a small pool for
 * gRPC callbacks, a pool for driver calls (which block) and one timer pool for heartbeats,
 * reconnects and simulated guests. One agent process makes a small one; a scale run makes one
 * for all its agents, so the thread count does not grow with the number of agents.
 */
public final class AgentRuntime implements AutoCloseable {

    private final EventLoopGroup eventLoop;
    private final ExecutorService callbacks;
    private final ExecutorService driverCalls;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ManagerChannels channels;
    private volatile HostFingerprint fingerprint;

    private AgentRuntime(int ioThreads, int workerThreads) {
        this.eventLoop = new NioEventLoopGroup(ioThreads, daemon("flotilla-io"));
        this.callbacks = Executors.newFixedThreadPool(workerThreads, daemon("flotilla-grpc"));
        // driver calls block (a QEMU start, a slow-operations fault): a cached pool grows only while they do
        this.driverCalls = Executors.newCachedThreadPool(daemon("flotilla-driver"));
        this.scheduler = new ScheduledThreadPoolExecutor(workerThreads, daemon("flotilla-timer"));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.channels = new ManagerChannels(eventLoop, callbacks);
    }

    /** For a scale run: the given number of socket threads and worker/timer threads, shared by every agent. */
    public static AgentRuntime create(int ioThreads, int workerThreads) {
        return new AgentRuntime(Math.max(1, ioThreads), Math.max(1, workerThreads));
    }

    /** For one agent process: one socket thread, two workers. */
    public static AgentRuntime forOneAgent() {
        return create(1, 2);
    }

    public ScheduledExecutorService scheduler() { return scheduler; }
    public ExecutorService driverCalls() { return driverCalls; }
    public ExecutorService callbacks() { return callbacks; }
    public ManagerChannels channels() { return channels; }

    /** This machine's facts, read once: thousands of simulated agents need not read /proc/cpuinfo each. */
    public HostFingerprint fingerprint() {
        HostFingerprint f = fingerprint;
        if (f == null) {
            f = HostFingerprint.probe();
            fingerprint = f;
        }
        return f;
    }

    /** Stops the shared threads; close the agents first. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        driverCalls.shutdownNow();
        eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        callbacks.shutdown();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
