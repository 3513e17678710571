package dev.flotilla.agent.storage;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * XDR (RFC 4506), the encoding of ONC RPC: big-endian 32-bit words, opaque data and strings
 * padded to a multiple of four bytes. Only what {@link NfsClient} sends and reads.
 */
final class Xdr {

    private Xdr() {}

    /** Builds one message. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

        Writer u32(long value) {
            out.write((int) (value >>> 24));
            out.write((int) (value >>> 16));
            out.write((int) (value >>> 8));
            out.write((int) value);
            return this;
        }

        Writer u64(long value) {
            return u32(value >>> 32).u32(value & 0xffffffffL);
        }

        Writer bool(boolean value) {
            return u32(value ? 1 : 0);
        }

        /** Variable-length opaque data: its length, the bytes, zero padding. */
        Writer opaque(byte[] bytes) {
            u32(bytes.length);
            out.writeBytes(bytes);
            for (int pad = (4 - bytes.length % 4) % 4; pad > 0; pad--) {
                out.write(0);
            }
            return this;
        }

        Writer string(String text) {
            return opaque(text.getBytes(StandardCharsets.UTF_8));
        }

        Writer raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** Reads one message; a short message throws {@link java.nio.BufferUnderflowException}. */
    static final class Reader {
        private final ByteBuffer in;

        Reader(byte[] bytes) {
            this.in = ByteBuffer.wrap(bytes);
        }

        int u32() {
            return in.getInt();
        }

        long u64() {
            return in.getLong();
        }

        boolean bool() {
            return in.getInt() != 0;
        }

        byte[] opaque() {
            int length = in.getInt();
            if (length < 0 || length > in.remaining()) {
                throw new IllegalArgumentException("an XDR opaque of " + length + " bytes in a message with " + in.remaining() + " left");
            }
            byte[] bytes = new byte[length];
            in.get(bytes);
            in.position(in.position() + (4 - length % 4) % 4);
            return bytes;
        }

        /** Fixed-length opaque data (no length word), e.g. a READDIR cookie verifier. */
        byte[] fixed(int length) {
            byte[] bytes = new byte[length];
            in.get(bytes);
            in.position(in.position() + (4 - length % 4) % 4);
            return bytes;
        }

        String string() {
            return new String(opaque(), StandardCharsets.UTF_8);
        }

        void skip(int bytes) {
            in.position(in.position() + bytes);
        }
    }
}
