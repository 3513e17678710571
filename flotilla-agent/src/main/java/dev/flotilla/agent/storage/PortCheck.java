package dev.flotilla.agent.storage;

import dev.flotilla.agent.storage.StorageException.Problem;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * A TCP connection attempt before any storage tool runs. The tools say little when a server is
 * away ("nfs_service failed", "Can not reconnect right now"); a plain connect tells a refused
 * port, a missing route and silence apart, within a deadline of our choosing.
 */
final class PortCheck {

    private PortCheck() {}

    /**
     * @param what e.g. {@code the NFS server 10.0.0.5}
     * @param service e.g. {@code rpcbind}, named in the message
     */
    static void require(String host, int port, String what, String service, Duration timeout) throws StorageException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
        } catch (UnknownHostException e) {
            throw new StorageException(Problem.UNREACHABLE, what + " is unknown: the name " + host + " does not resolve on this host", e);
        } catch (SocketTimeoutException e) {
            throw new StorageException(Problem.UNREACHABLE, what + " does not answer on port " + port + " (" + service
                    + ") within " + ToolRunner.seconds(timeout) + ": it is down, or a firewall drops the traffic", e);
        } catch (NoRouteToHostException e) {
            throw new StorageException(Problem.UNREACHABLE, what + " is unreachable from this host (no route to host on port "
                    + port + "): it is down or the address is wrong", e);
        } catch (ConnectException e) {
            throw new StorageException(Problem.UNREACHABLE, what + " refuses connections on port " + port + " (" + service
                    + " is not running there?): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StorageException(Problem.UNREACHABLE, what + " cannot be reached on port " + port + ": " + e.getMessage(), e);
        }
    }
}
