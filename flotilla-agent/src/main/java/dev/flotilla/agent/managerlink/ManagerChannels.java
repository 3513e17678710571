package dev.flotilla.agent.managerlink;

import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Opens channels to the manager on shared threads: one Netty event loop group and one callback
 * executor serve every agent of a JVM, so a scale run of thousands of agents does not cost
 * thousands of threads.
 */
public final class ManagerChannels {

    private final EventLoopGroup eventLoop;
    private final Executor callbacks;

    public ManagerChannels(EventLoopGroup eventLoop, Executor callbacks) {
        this.eventLoop = eventLoop;
        this.callbacks = callbacks;
    }

    ManagedChannel open(ManagerAddress manager, ChannelCredentials credentials) {
        return NettyChannelBuilder.forAddress(manager.host(), manager.port(), credentials)
                .eventLoopGroup(eventLoop)
                .channelType(NioSocketChannel.class)
                .executor(callbacks)
                .offloadExecutor(callbacks)
                // the manager permits pings every 5 s; 30 s finds a silently dead connection (NAT, cut cable) soon
                .keepAliveTime(30, TimeUnit.SECONDS)
                .build();
    }
}
