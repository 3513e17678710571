package dev.flotilla.agent.storage;

import dev.flotilla.agent.storage.StorageException.Problem;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One ONC RPC (RFC 5531) connection over TCP with record marking, calling with AUTH_SYS as the
 * agent's own uid and gid, the way libnfs (and so QEMU) does: files this client makes or removes
 * belong to whoever QEMU writes as. As root it binds a reserved source port first, which NFS
 * servers with the "secure" export option (the kernel's default) demand.
 */
final class RpcConnection implements AutoCloseable {

    private static final int CALL = 0;
    private static final int REPLY = 1;
    private static final int AUTH_SYS = 1;
    private static final int MAX_REPLY = 1024 * 1024;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final String peer;
    private final int uid;
    private final int gid;
    private int xid = ThreadLocalRandom.current().nextInt();

    private RpcConnection(Socket socket, String peer, int uid, int gid) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.peer = peer;
        this.uid = uid;
        this.gid = gid;
    }

    /**
     * @param what e.g. {@code the NFS server 10.0.0.5}, for messages
     */
    static RpcConnection open(String host, int port, String what, Duration connectTimeout, Duration callTimeout,
                              int uid, int gid) throws StorageException {
        Socket socket = new Socket();
        try {
            if (uid == 0) {
                bindReservedPort(socket);
            }
            socket.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            socket.setSoTimeout((int) callTimeout.toMillis());
            socket.setTcpNoDelay(true);
            return new RpcConnection(socket, what + " (port " + port + ")", uid, gid);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new StorageException(Problem.UNREACHABLE, what + " does not answer on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** Calls {@code procedure} and returns a reader positioned at its results. */
    Xdr.Reader call(int program, int version, int procedure, byte[] arguments) throws StorageException {
        int id = ++xid;
        byte[] machine = "flotilla-agent".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] credentials = new Xdr.Writer().u32(0).opaque(machine).u32(uid).u32(gid).u32(0).bytes();
        byte[] message = new Xdr.Writer().u32(id).u32(CALL).u32(2).u32(program).u32(version).u32(procedure)
                .u32(AUTH_SYS).opaque(credentials).u32(0).u32(0).raw(arguments).bytes();
        try {
            out.write(new Xdr.Writer().u32(0x80000000L | message.length).raw(message).bytes());
            out.flush();
            Xdr.Reader reply = new Xdr.Reader(readRecord());
            if (reply.u32() != id || reply.u32() != REPLY) {
                throw failure("answered another call than the one asked");
            }
            if (reply.u32() != 0) {
                throw failure("denied the call (RPC version mismatch or authentication refused)");
            }
            reply.u32();        // verifier flavour
            reply.opaque();     // verifier body
            int accept = reply.u32();
            if (accept != 0) {
                throw failure(switch (accept) {
                    case 1 -> "does not offer RPC program " + program;
                    case 2 -> "does not offer version " + version + " of RPC program " + program;
                    case 3 -> "does not know procedure " + procedure + " of RPC program " + program;
                    default -> "refused the call (accept status " + accept + ")";
                });
            }
            return reply;
        } catch (SocketTimeoutException e) {
            throw new StorageException(Problem.TIMEOUT, peer + " did not answer within "
                    + ToolRunner.seconds(Duration.ofMillis(soTimeout())) + "; the storage may have stopped answering", e);
        } catch (IOException | RuntimeException e) {
            throw new StorageException(Problem.UNREACHABLE, peer + " broke the connection: " + e.getMessage(), e);
        }
    }

    private byte[] readRecord() throws IOException, StorageException {
        byte[] record = new byte[0];
        boolean last = false;
        while (!last) {
            int header = in.readInt();
            last = (header & 0x80000000) != 0;
            int length = header & 0x7fffffff;
            if (record.length + length > MAX_REPLY) {
                throw failure("sent a reply larger than " + MAX_REPLY + " bytes");
            }
            byte[] grown = java.util.Arrays.copyOf(record, record.length + length);
            in.readFully(grown, record.length, length);
            record = grown;
        }
        return record;
    }

    private StorageException failure(String what) {
        return new StorageException(Problem.TOOL_FAILED, peer + " " + what);
    }

    private int soTimeout() {
        try {
            return socket.getSoTimeout();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void bindReservedPort(Socket socket) throws IOException {
        for (int attempt = 0; attempt < 32; attempt++) {
            try {
                socket.bind(new InetSocketAddress(ThreadLocalRandom.current().nextInt(600, 1024)));
                return;
            } catch (BindException e) {
                // taken: try another; after the last attempt the kernel picks an ephemeral port on connect
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }
}
