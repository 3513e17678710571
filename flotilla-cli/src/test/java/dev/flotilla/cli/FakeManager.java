package dev.flotilla.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server standing in for the manager: it answers canned JSON per "METHOD /path[?query]"
 * and records every request, so tests check what went over the wire, Basic auth included.
 * Several answers for one key are given in turn, the last one repeating (for polling).
 */
public final class FakeManager implements AutoCloseable {

    public static final String USER = "admin@internal";
    public static final String PASSWORD = "s3cret";

    /** What the CLI sent. {@code uri} is the raw path and query, such as {@code /api/v1/vms?name=web}. */
    public record Request(String method, String uri, String authorization, String contentType, String body) {}

    private record Reply(int status, String contentType, String body) {}

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Reply>> replies = new ConcurrentHashMap<>();

    public FakeManager() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answer {@code json} with {@code status} to "METHOD /api/v1/..." (query optional in the key). */
    public FakeManager on(String methodAndUri, int status, String json) {
        return add(methodAndUri, new Reply(status, "application/json", json));
    }

    public FakeManager problem(String methodAndUri, int status, String problemJson) {
        return add(methodAndUri, new Reply(status, "application/problem+json", problemJson));
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** "METHOD uri" of each request, in order: the shape of a conversation at a glance. */
    public List<String> calls() {
        return requests.stream().map(r -> r.method() + " " + r.uri()).toList();
    }

    /** Runs the CLI in-process against this server, logged in as admin@internal. */
    public CliResult cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--url", url(), "--user", USER, "--password", PASSWORD));
        all.addAll(List.of(args));
        return run(new FlotillaCli(Path.of("target", "no-password-file")), all.toArray(String[]::new));
    }

    /** Runs the CLI in-process with exactly these arguments. */
    public static CliResult run(FlotillaCli root, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = FlotillaCli.commandLine(root);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new CliResult(exitCode, out.toString(), err.toString());
    }

    /** Exit code and captured output of one CLI run. */
    public record CliResult(int exitCode, String out, String err) {
        public List<String> outLines() {
            return out.lines().toList();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private FakeManager add(String key, Reply reply) {
        replies.computeIfAbsent(key, k -> new ArrayDeque<>()).add(reply);
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String uri = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        String method = exchange.getRequestMethod();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(method, uri, exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"), body));
        Reply reply = next(method + " " + uri);
        if (reply == null) {
            reply = next(method + " " + exchange.getRequestURI().getRawPath());
        }
        if (reply == null) {
            reply = new Reply(404, "application/problem+json",
                    "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"no canned answer for " + method + " " + uri + "\"}");
        }
        byte[] bytes = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0) {
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        }
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(bytes);
        }
    }

    private Reply next(String key) {
        Deque<Reply> queue = replies.get(key);
        if (queue == null) {
            return null;
        }
        synchronized (queue) {
            return queue.size() > 1 ? queue.poll() : queue.peek();
        }
    }
}
