package dev.flotilla.agent.driver.qemu;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;

/** Picks a port of the agent's range for an incoming migration: one no other incoming VM holds and nobody has bound. */
final class MigrationPorts {

    private MigrationPorts() {
    }

    /** @param taken ports promised to incoming VMs that may not have bound them yet */
    static int pick(int rangeStart, int rangeEnd, Set<Integer> taken) {
        for (int port = rangeStart; port <= rangeEnd; port++) {
            if (!taken.contains(port) && isFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port for an incoming migration in this host's range %d-%d".formatted(rangeStart, rangeEnd));
    }

    /** QEMU listens on every address, so the port must be free on every address. */
    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
