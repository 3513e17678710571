package dev.flotilla.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** The manager's REST API as admin@internal, over plain HTTP, answers as JSON trees. */
final class Api {

    /** A status and a body, for the calls whose refusals the tests look at. */
    record Response(int status, JsonNode body) {
        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    Api(URI base, String user, String password) {
        this(base, "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private Api(URI base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    /** The same API as the holder of a bearer token from {@code POST /api/v1/auth/token}. */
    Api withToken(String token) {
        return new Api(base, "Bearer " + token);
    }

    /** GET that must answer 200. */
    JsonNode get(String path) {
        return ok(send("GET", path, null), 200);
    }

    /** POST that must answer {@code expected}. */
    JsonNode post(String path, Object body, int expected) {
        return ok(send("POST", path, body), expected);
    }

    Response send(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(60)) // a VM start waits for its host's answer
                    .header("Authorization", authorization)
                    .header("Accept", "application/json");
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            return new Response(response.statusCode(), text.isBlank() ? JSON.nullNode() : JSON.readTree(text));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + method + " " + path, e);
        }
    }

    /** GET of a binary resource (a screenshot) that must answer 200; returns its bytes. */
    byte[] bytes(String path) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new AssertionError("expected 200, got " + response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8));
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: GET " + path, e);
        }
    }

    /** PUT of raw bytes (an image range), with a Content-Range header when {@code range} is not null. */
    Response putBytes(String path, byte[] body, String range) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(120))
                    .header("Authorization", authorization).header("Accept", "application/json")
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
            if (range != null) {
                request.header("Content-Range", range);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException("PUT " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: PUT " + path, e);
        }
    }

    private static JsonNode ok(Response response, int expected) {
        if (response.status() != expected) {
            throw new AssertionError("expected " + expected + ", got " + response);
        }
        return response.body();
    }
}
