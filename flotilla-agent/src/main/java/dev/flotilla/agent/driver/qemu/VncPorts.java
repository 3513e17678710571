package dev.flotilla.agent.driver.qemu;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;

/** Picks a VNC port from the agent's range: VNC displays start at 5900, and the port must be free now. */
final class VncPorts {

    private VncPorts() {}

    /**
     * @param taken ports already promised to VMs of this driver (a VM that is starting may not
     *              have bound its port yet)
     */
    static int pick(int rangeStart, int rangeEnd, Set<Integer> taken) {
        for (int port = Math.max(rangeStart, 5900); port <= rangeEnd; port++) {
            if (!taken.contains(port) && isFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free VNC port in %d-%d (VNC needs 5900 or above)".formatted(rangeStart, rangeEnd));
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
