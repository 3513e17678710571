package dev.flotilla.agent.managerlink;

import com.google.protobuf.ByteString;
import dev.flotilla.agent.driver.DriverException;
import dev.flotilla.agent.driver.HypervisorDriver;
import dev.flotilla.protocol.v1.AgentLinkGrpc;
import dev.flotilla.protocol.v1.ConsoleChunk;
import dev.flotilla.protocol.v1.OpenConsole;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Console sessions: each one joins a fresh connection to a VM's VNC socket with an
 * {@code AgentLink.Console} call on the agent's existing connection to the manager, so the host
 * never accepts a connection from anyone. One thread per session reads the VNC socket; it sends
 * only while gRPC is ready for more, so a slow browser slows QEMU's updates instead of filling
 * the agent's memory.
 */
final class ConsoleTunnels implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ConsoleTunnels.class.getName());
    /** A VNC update can be megabytes; chunks this size keep each gRPC message small. */
    private static final int CHUNK_BYTES = 64 * 1024;

    private final HypervisorDriver driver;
    private final Channel channel;
    private final Set<Tunnel> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService readers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "console-tunnel");
        t.setDaemon(true);
        return t;
    });

    ConsoleTunnels(HypervisorDriver driver, Channel channel) {
        this.driver = driver;
        this.channel = channel;
    }

    /** Connects to the VM's VNC server, then opens the session's call; returns once both are under way. */
    void open(OpenConsole request) throws DriverException {
        UUID vmId = Wire.vmId(request.getVmId());
        if (request.getSessionId().isBlank()) {
            throw new DriverException(DriverException.Code.INVALID_SPEC, "open_console needs a session id");
        }
        SocketChannel vnc = driver.openConsole(vmId);
        Tunnel tunnel = new Tunnel(request.getSessionId(), vmId, vnc);
        open.add(tunnel);
        AgentLinkGrpc.newStub(channel).console(tunnel);
        readers.execute(tunnel::pump);
    }

    int openCount() {
        return open.size();
    }

    @Override
    public void close() {
        open.forEach(t -> t.end("agent stopping"));
        readers.shutdownNow();
    }

    /** One session: VNC socket ⇄ gRPC call. */
    private final class Tunnel implements ClientResponseObserver<ConsoleChunk, ConsoleChunk> {
        private final String sessionId;
        private final UUID vmId;
        private final SocketChannel vnc;
        private final Object readiness = new Object();
        private ClientCallStreamObserver<ConsoleChunk> toManager;
        private volatile boolean ended;

        Tunnel(String sessionId, UUID vmId, SocketChannel vnc) {
            this.sessionId = sessionId;
            this.vmId = vmId;
            this.vnc = vnc;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<ConsoleChunk> requestStream) {
            toManager = requestStream;
            requestStream.setOnReadyHandler(() -> {
                synchronized (readiness) {
                    readiness.notifyAll();
                }
            });
        }

        /** Reads the VNC socket and forwards what it reads, until either side ends. */
        void pump() {
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES);
            try {
                send(ConsoleChunk.newBuilder().setSessionId(sessionId).build());
                while (!ended) {
                    buffer.clear();
                    int n = vnc.read(buffer);
                    if (n < 0) {
                        end(null);
                        return;
                    }
                    awaitReady();
                    send(ConsoleChunk.newBuilder().setData(ByteString.copyFrom(buffer.array(), 0, n)).build());
                }
            } catch (IOException | RuntimeException e) {
                if (!ended) {
                    LOG.log(Level.FINE, "console session " + sessionId + " of VM " + vmId + " ended: " + e, e);
                }
                end("VNC connection failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                end("agent stopping");
            }
        }

        private void awaitReady() throws InterruptedException {
            synchronized (readiness) {
                while (!ended && !toManager.isReady()) {
                    readiness.wait(1000);
                }
            }
        }

        /** gRPC's request stream is not thread-safe: the reader thread and {@link #end} share it. */
        private synchronized void send(ConsoleChunk chunk) {
            if (!ended) {
                toManager.onNext(chunk);
            }
        }

        @Override
        public void onNext(ConsoleChunk chunk) {
            ByteBuffer data = chunk.getData().asReadOnlyByteBuffer();
            try {
                while (data.hasRemaining()) {
                    vnc.write(data);
                }
            } catch (IOException e) {
                end("cannot write to the VNC server: " + e.getMessage());
            }
        }

        @Override
        public void onError(Throwable t) {
            closeVnc();
        }

        @Override
        public void onCompleted() {
            end(null);
        }

        /** Ends the session once: the call (with a reason when it failed) and the VNC connection. */
        void end(String failure) {
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
                try {
                    if (failure == null) {
                        toManager.onCompleted();
                    } else {
                        toManager.onError(Status.UNAVAILABLE.withDescription(failure).asRuntimeException());
                    }
                } catch (RuntimeException ignored) {
                    // the call is already over
                }
            }
            synchronized (readiness) {
                readiness.notifyAll();
            }
            closeVnc();
        }

        private void closeVnc() {
            ended = true;
            open.remove(this);
            try {
                vnc.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}
