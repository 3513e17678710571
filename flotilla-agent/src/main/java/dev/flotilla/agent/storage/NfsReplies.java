package dev.flotilla.agent.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * The NFSv3 (RFC 1813) replies {@link NfsClient} reads when it lists a directory or reads a small
 * file: READDIRPLUS (procedure 17) and READ (procedure 6), decoded after their status word. Kept
 * apart from the client so the decoding, the part that is easy to get wrong, is tested on bytes
 * without a server. READDIRPLUS rather than READDIR because it carries each entry's type: the
 * listing of a domain needs to tell disk directories from files without a GETATTR per name.
 */
final class NfsReplies {

    /** fattr3 is 21 XDR words: type, mode, nlink, uid, gid, size, used, rdev, fsid, fileid, atime, mtime, ctime. */
    private static final int FATTR3_BYTES = 84;
    private static final int NF3DIR = 2;
    static final int COOKIE_VERIFIER_BYTES = 8;

    private NfsReplies() {}

    /**
     * One READDIRPLUS reply: its entries ("." and ".." left out), and where the next call goes on
     * from ({@code cookie} of the last entry, the server's {@code verifier}) unless {@code eof}.
     */
    record Page(List<DomainFiles.Entry> entries, long cookie, byte[] verifier, boolean eof) {
        Page {
            entries = List.copyOf(entries);
        }
    }

    /** One READ reply: the bytes read and whether they reach the end of the file. */
    record Chunk(byte[] data, boolean eof) {
    }

    /**
     * Decodes a READDIRPLUS3resok; {@code cookie} is the one the call was made with, kept when the
     * page holds no entry.
     */
    static Page readdirplus(Xdr.Reader r, long cookie) {
        skipAttributes(r);  // the directory's own
        byte[] verifier = r.fixed(COOKIE_VERIFIER_BYTES);
        List<DomainFiles.Entry> entries = new ArrayList<>();
        long last = cookie;
        while (r.bool()) {
            r.u64();  // fileid
            String name = r.string();
            last = r.u64();
            boolean directory = false;
            if (r.bool()) {
                directory = r.u32() == NF3DIR;
                r.skip(FATTR3_BYTES - 4);
            }
            if (r.bool()) {
                r.opaque();  // the entry's handle: a LOOKUP gets it again when it is wanted
            }
            if (!name.equals(".") && !name.equals("..")) {
                entries.add(new DomainFiles.Entry(name, directory));
            }
        }
        return new Page(entries, last, verifier, r.bool());
    }

    /** Decodes a READ3resok. */
    static Chunk read(Xdr.Reader r) {
        skipAttributes(r);
        int count = r.u32();
        boolean eof = r.bool();
        byte[] data = r.opaque();
        if (data.length != count) {
            throw new IllegalArgumentException("a READ reply says " + count + " bytes but carries " + data.length);
        }
        return new Chunk(data, eof);
    }

    private static void skipAttributes(Xdr.Reader r) {
        if (r.bool()) {
            r.skip(FATTR3_BYTES);
        }
    }
}
