package dev.flotilla.manager.identity.access;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A JSON request whose body the access check reads (a create names its parent there) and the
 * controller reads again. Bodies of such calls are small documents, so holding one in memory is fine.
 */
final class CachedBody extends HttpServletRequestWrapper {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int LIMIT = 1 << 20;
    private final byte[] body;

    CachedBody(HttpServletRequest request) throws IOException {
        super(request);
        this.body = request.getInputStream().readNBytes(LIMIT);
    }

    /** A top-level text field of the JSON body; empty when the body is not JSON or has no such field. */
    Optional<String> field(String name) {
        try {
            JsonNode node = JSON.readTree(body).path(name);
            return node.isString() ? Optional.of(node.asString()) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();   // the controller answers 400 for a malformed body
        }
    }

    @Override
    public ServletInputStream getInputStream() {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException("a cached body is read synchronously");
            }

            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, len);
            }
        };
    }

    @Override
    public BufferedReader getReader() {
        return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
    }
}
