package dev.flotilla.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Watches one Flotilla migration from outside, every millisecond, without touching the product:
 * when a port of the target's migration range starts listening and when a connection to it is
 * established (the target namespace's {@code /proc/<pid>/net/tcp}, read through a process that
 * lives in it), and when the source QEMU process is gone. Together with the agent's launch stamp
 * and QEMU's own total time these split the wall time into its steps.
 */
final class RoundWatch implements AutoCloseable {

    private static final String LISTEN = "0A";
    private static final String ESTABLISHED = "01";

    private final Path tcpTable;
    private final int portFrom;
    private final int portTo;
    private final long sourcePid;
    private final Thread thread;
    private volatile boolean stop;
    private int listeningPort;
    private volatile long listeningNanos;
    private volatile long connectedNanos;
    private volatile long sourceGoneNanos;

    private RoundWatch(Path tcpTable, int portFrom, int portTo, long sourcePid) {
        this.tcpTable = tcpTable;
        this.portFrom = portFrom;
        this.portTo = portTo;
        this.sourcePid = sourcePid;
        this.thread = new Thread(this::watch, "round-watch");
        this.thread.setDaemon(true);
    }

    /** @param namespacePid a process in the target's network namespace (its agent) */
    static RoundWatch start(long namespacePid, int portFrom, int portTo, long sourcePid) {
        RoundWatch w = new RoundWatch(Path.of("/proc", Long.toString(namespacePid), "net", "tcp"), portFrom, portTo, sourcePid);
        w.thread.start();
        return w;
    }

    private void watch() {
        while (!stop) {
            long now = System.nanoTime();
            if (listeningNanos == 0 || connectedNanos == 0) {
                readTcp(now);
            }
            if (sourceGoneNanos == 0 && !alive(sourcePid)) {
                sourceGoneNanos = now;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void readTcp(long now) {
        try {
            for (String line : Files.readAllLines(tcpTable)) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 4 || !f[1].contains(":")) {
                    continue;
                }
                int port;
                try {
                    port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                } catch (NumberFormatException e) {
                    continue; // the header line
                }
                if (port < portFrom || port > portTo) {
                    continue;
                }
                if (f[3].equals(LISTEN) && listeningNanos == 0) {
                    listeningPort = port;
                    listeningNanos = now;
                } else if (f[3].equals(ESTABLISHED) && port == listeningPort && connectedNanos == 0) {
                    // only the accepted migration stream has the listening port as its local port;
                    // the agent's own connections to the manager have ephemeral ports, maybe in the range
                    connectedNanos = now;
                }
            }
        } catch (IOException e) {
            // the namespace's process is gone: nothing more to see
        }
    }

    /** A zombie (exited, not yet reaped) counts as gone. */
    private static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    /** Nanos since {@code t0}, or NaN when it was not seen. */
    double listeningMs(long t0) {
        return since(listeningNanos, t0);
    }

    double connectedMs(long t0) {
        return since(connectedNanos, t0);
    }

    double sourceGoneMs(long t0) {
        return since(sourceGoneNanos, t0);
    }

    private static double since(long at, long t0) {
        return at == 0 ? Double.NaN : (at - t0) / 1e6;
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(1000);
    }
}
