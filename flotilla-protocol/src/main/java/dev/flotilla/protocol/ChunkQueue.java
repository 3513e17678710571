package dev.flotilla.protocol;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The chunks a streaming call receives, read as an InputStream. The call's observer adds what
 * arrives ({@link #add}, {@link #end}, {@link #fail}); the reader takes it. {@code taken} runs
 * each time the reader took a chunk, so a call that asks for its next message only then holds at
 * most one chunk however fast the sender is.
 */
public final class ChunkQueue extends InputStream {

    private static final Object END = new Object();

    private final LinkedBlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
    private final Duration silence;
    private final Runnable taken;
    private ByteString current = ByteString.EMPTY;
    private int position;
    private boolean done;

    /** @param silence how long the reader waits for the next chunk before it gives up */
    public ChunkQueue(Duration silence, Runnable taken) {
        this.silence = silence;
        this.taken = taken;
    }

    public void add(ByteString data) {
        arrived.add(data);
    }

    /** The sender sent everything. */
    public void end() {
        arrived.add(END);
    }

    /** The call broke: the reader gets this error after the chunks that came before it. */
    public void fail(IOException error) {
        arrived.add(error);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (position >= current.size()) {
            if (done) {
                return -1;
            }
            Object next;
            try {
                next = arrived.poll(silence.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            if (next == null) {
                throw new IOException("nothing arrived for " + silence.toSeconds() + " s");
            }
            if (next == END) {
                done = true;
                return -1;
            }
            if (next instanceof IOException e) {
                done = true;
                throw e;
            }
            current = (ByteString) next;
            position = 0;
            taken.run();
        }
        int n = Math.min(len, current.size() - position);
        current.substring(position, position + n).copyTo(b, off);
        position += n;
        return n;
    }
}
