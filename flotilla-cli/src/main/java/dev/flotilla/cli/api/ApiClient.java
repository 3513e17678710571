package dev.flotilla.cli.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Talks JSON to the manager's {@code /api/v1}. Every request carries the Authorization header
 * up front: the manager does not send a Basic challenge to API clients, so the JDK's
 * {@code Authenticator} (which waits for one) would never answer.
 */
public final class ApiClient {

    private final String baseUrl;
    private final String apiUrl;
    private final String user;
    private final String authorization;
    private final HttpClient http;
    private final ObjectMapper json;

    public ApiClient(String baseUrl, String user, String password, ObjectMapper json) {
        this(baseUrl, user, json, "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** A client that sends {@code Authorization: Bearer <token>} (from {@code flotilla auth token}). */
    public static ApiClient withToken(String baseUrl, String token, ObjectMapper json) {
        return new ApiClient(baseUrl, "token", json, "Bearer " + token);
    }

    private ApiClient(String baseUrl, String user, ObjectMapper json, String authorization) {
        this.baseUrl = baseUrl;
        this.apiUrl = baseUrl.replaceAll("/+$", "") + "/api/v1";
        this.user = user;
        this.authorization = authorization;
        // HTTP/1.1: the JDK's default would try an h2c upgrade on every plain-http request.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.json = json;
    }

    /** The manager's address as given, e.g. {@code http://localhost:8080}. */
    public String baseUrl() {
        return baseUrl.replaceAll("/+$", "");
    }

    /** GET a path such as {@code /vms}; the answer's JSON. */
    public JsonNode get(String path, Query query) {
        return send(request(path + query.render()).GET());
    }

    public JsonNode get(String path) {
        return get(path, Query.of());
    }

    /** POST {@code body} as JSON, or nothing at all when it is null (the action endpoints). */
    public JsonNode post(String path, Object body) {
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(write(body), StandardCharsets.UTF_8);
        HttpRequest.Builder builder = request(path).POST(publisher);
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        return send(builder);
    }

    /** PUT {@code body} as JSON (a whole replacement, such as a VM's pinned hosts). */
    public JsonNode put(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(write(body), StandardCharsets.UTF_8)));
    }

    /**
     * PUT {@code length} bytes of {@code file} from {@code offset} as one range of an upload
     * ({@code Content-Range: bytes FIRST-LAST/TOTAL}), streamed from the file.
     */
    public JsonNode putRange(String path, java.nio.file.Path file, long offset, long length, long total) {
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                java.io.InputStream in = java.nio.file.Files.newInputStream(file);
                in.skipNBytes(offset);
                return new java.io.BufferedInputStream(new java.io.FilterInputStream(in) {
                    private long left = length;

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        if (left <= 0) {
                            return -1;
                        }
                        int n = super.read(b, off, (int) Math.min(len, left));
                        if (n > 0) {
                            left -= n;
                        }
                        return n;
                    }
                });
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }), length);
        return send(request(path).header("Content-Type", "application/octet-stream")
                .header("Content-Range", "bytes %d-%d/%d".formatted(offset, offset + length - 1, total)).PUT(body));
    }

    /** GET a binary resource into {@code out}, streamed; returns the bytes written. */
    public long download(String path, java.nio.file.Path out) {
        try {
            HttpResponse<java.io.InputStream> response = http.send(request(path).header("Accept", "application/octet-stream, application/problem+json")
                    .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream in = response.body()) {
                if (response.statusCode() == 401) {
                    throw new ApiException(401, "login failed for " + user, List.of());
                }
                if (response.statusCode() >= 400) {
                    throw problem(response.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
                return java.nio.file.Files.copy(in, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new ApiException("cannot download from the manager at " + baseUrl + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("interrupted");
        }
    }

    /** PATCH {@code body} as JSON: the fields it holds change, the others keep their value. */
    public JsonNode patch(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(write(body), StandardCharsets.UTF_8)));
    }

    /** DELETE; the manager answers 204 (nothing), or 202 with the job that does the work. */
    public JsonNode delete(String path) {
        return send(request(path).DELETE());
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        URI uri;
        try {
            uri = URI.create(apiUrl + pathAndQuery);
        } catch (IllegalArgumentException e) {
            throw new ApiException("not a valid manager URL: " + baseUrl);
        }
        return HttpRequest.newBuilder(uri)
                .header("Authorization", authorization)
                .header("Accept", "application/json, application/problem+json");
    }

    private JsonNode send(HttpRequest.Builder builder) {
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ApiException("cannot reach the manager at " + baseUrl + ": " + describe(e));
        } catch (IllegalArgumentException e) {
            // HttpClient rejects URLs it cannot use (ftp://, no host) only when sending.
            throw new ApiException("not a valid manager URL: " + baseUrl);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("interrupted");
        }
        int status = response.statusCode();
        if (status == 401) {
            throw new ApiException(401, "login failed for " + user, List.of());
        }
        if (status >= 400) {
            throw problem(status, response.body());
        }
        String body = response.body();
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiException(status, "the manager answered HTTP " + status + " with a body that is not JSON",
                    List.of());
        }
    }

    /** Reads a problem+json answer; anything else (a proxy's HTML page) still gives a sentence. */
    private ApiException problem(int status, String body) {
        JsonNode node = null;
        try {
            node = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            // not problem+json: fall through to the bare status
        }
        if (node == null || !node.isObject()) {
            return new ApiException(status, "the manager answered HTTP " + status, List.of());
        }
        String detail = text(node, "detail");
        if (detail == null) {
            detail = text(node, "title");
        }
        if (detail == null) {
            detail = "the manager answered HTTP " + status;
        }
        List<FieldError> errors = new ArrayList<>();
        for (JsonNode error : node.path("errors")) {
            errors.add(new FieldError(text(error, "field"), text(error, "reason")));
        }
        List<String> details = new ArrayList<>();
        for (JsonNode d : node.path("details")) {
            details.add(d.asText());
        }
        return new ApiException(status, detail, errors, details);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write request body " + body, e);
        }
    }

    /** The JDK's ConnectException often has no message; say what it means. */
    private static String describe(IOException e) {
        if (e instanceof ConnectException) {
            return e.getMessage() == null ? "connection refused" : e.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
