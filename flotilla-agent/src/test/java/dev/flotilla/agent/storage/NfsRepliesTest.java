package dev.flotilla.agent.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** READDIRPLUS and READ replies decoded from bytes laid out as RFC 1813 says, after the status word. */
class NfsRepliesTest {

    private static final byte[] VERIFIER = {1, 2, 3, 4, 5, 6, 7, 8};

    @Test
    void aPageOfEntriesKeepsNamesAndTypesDropsDotsAndGoesOnFromTheLastCookie() {
        Xdr.Writer w = directoryHeader();
        entry(w, ".", 1, 2);
        entry(w, "..", 2, 2);
        entry(w, "0b7c1c9e-1b4a-4c55-9a55-0f0f0f0f0f0f", 3, 2);
        entry(w, "a.meta", 4, 1);
        // an entry the server sent without attributes or handle: a name, not known to be a directory
        w.bool(true).u64(99).string("odd").u64(5).bool(false).bool(false);
        w.bool(false).bool(false);  // no more entries; not the end of the directory

        NfsReplies.Page page = NfsReplies.readdirplus(new Xdr.Reader(w.bytes()), 0);

        assertThat(page.entries()).containsExactly(new DomainFiles.Entry("0b7c1c9e-1b4a-4c55-9a55-0f0f0f0f0f0f", true),
                new DomainFiles.Entry("a.meta", false), new DomainFiles.Entry("odd", false));
        assertThat(page.cookie()).isEqualTo(5);
        assertThat(page.verifier()).containsExactly(VERIFIER);
        assertThat(page.eof()).isFalse();
    }

    @Test
    void theLastPageSaysEofAndAnEmptyOneKeepsTheCookieItWasAskedWith() {
        Xdr.Writer w = directoryHeader();
        w.bool(false).bool(true);

        NfsReplies.Page page = NfsReplies.readdirplus(new Xdr.Reader(w.bytes()), 42);

        assertThat(page.entries()).isEmpty();
        assertThat(page.cookie()).isEqualTo(42);
        assertThat(page.eof()).isTrue();
    }

    @Test
    void aDirectoryWithoutAttributesIsReadToo() {
        Xdr.Writer w = new Xdr.Writer().bool(false).raw(VERIFIER);
        entry(w, "images", 7, 2);
        w.bool(false).bool(true);

        assertThat(NfsReplies.readdirplus(new Xdr.Reader(w.bytes()), 0).entries()).containsExactly(new DomainFiles.Entry("images", true));
    }

    @Test
    void aReadReplyCarriesItsBytesAndWhetherTheFileEnded() {
        byte[] text = "DISK=x\nVOLUME=y\n".getBytes(StandardCharsets.UTF_8);   // 16 bytes: no padding
        byte[] odd = "PARENT=".getBytes(StandardCharsets.UTF_8);                // 7 bytes: one byte of padding

        NfsReplies.Chunk first = NfsReplies.read(new Xdr.Reader(attributes(new Xdr.Writer()).u32(text.length).bool(false).opaque(text).bytes()));
        NfsReplies.Chunk last = NfsReplies.read(new Xdr.Reader(new Xdr.Writer().bool(false).u32(odd.length).bool(true).opaque(odd).bytes()));

        assertThat(first.data()).isEqualTo(text);
        assertThat(first.eof()).isFalse();
        assertThat(last.data()).isEqualTo(odd);
        assertThat(last.eof()).isTrue();
    }

    @Test
    void aReadReplyWhoseCountAndDataDisagreeOrThatIsCutShortIsRefused() {
        byte[] data = "abcd".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> NfsReplies.read(new Xdr.Reader(new Xdr.Writer().bool(false).u32(9).bool(true).opaque(data).bytes())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("says 9 bytes but carries 4");
        assertThatThrownBy(() -> NfsReplies.read(new Xdr.Reader(new Xdr.Writer().bool(false).u32(4).bytes())))
                .isInstanceOf(RuntimeException.class);
    }

    private static Xdr.Writer directoryHeader() {
        return attributes(new Xdr.Writer()).raw(VERIFIER);
    }

    /** post_op_attr with a fattr3 of type NF3DIR; the other 20 words are not read. */
    private static Xdr.Writer attributes(Xdr.Writer w) {
        w.bool(true).u32(2);
        for (int i = 0; i < 20; i++) {
            w.u32(0xdead);
        }
        return w;
    }

    /** An entryplus3 with attributes of {@code type} and a handle. */
    private static void entry(Xdr.Writer w, String name, long cookie, int type) {
        w.bool(true).u64(cookie * 100).string(name).u64(cookie).bool(true).u32(type);
        for (int i = 0; i < 20; i++) {
            w.u32(0);
        }
        w.bool(true).opaque(new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
    }
}
