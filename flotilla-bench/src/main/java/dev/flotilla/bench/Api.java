package dev.flotilla.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The manager's REST API as admin@internal: just the calls the benchmarks make. */
final class Api {

    /** A call answered with an unexpected status; the body is the manager's problem+json. */
    static final class CallFailed extends IOException {
        CallFailed(String what, int status, String body) {
            super(what + " answered " + status + ": " + body);
        }
    }

    /** A host as the list shows it; lastHeartbeat is null before the first contact. */
    record HostView(String id, String name, String status, Instant lastHeartbeat) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final String base;
    private final String auth;

    Api(String base, String password) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        this.base = base + "/api/v1";
        this.auth = "Basic " + Base64.getEncoder().encodeToString(("admin@internal:" + password).getBytes(StandardCharsets.UTF_8));
    }

    String enrollmentToken() throws IOException, InterruptedException {
        return post("/hosts/enrollment-tokens", Map.of("ttlMinutes", 120), 201).path("token").asText();
    }

    /** Every host, a page of 1000 at a time. */
    List<HostView> hosts(String status) throws IOException, InterruptedException {
        List<HostView> all = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode r = get("/hosts?size=1000&page=" + page + (status == null ? "" : "&status=" + status));
            for (JsonNode h : r.path("items")) {
                all.add(new HostView(h.path("id").asText(), h.path("name").asText(), h.path("status").asText(),
                        instant(h.path("lastHeartbeatAt"))));
            }
            if (r.path("items").size() < 1000 || all.size() >= r.path("total").asLong()) {
                return all;
            }
        }
    }

    String createVm(String name, int cpus, long memoryMiB) throws IOException, InterruptedException {
        return post("/vms", Map.of("name", name, "cpus", cpus, "memoryMiB", memoryMiB), 201).path("id").asText();
    }

    /** A VM that boots a kernel directly (no disk). */
    String createVm(String name, int cpus, long memoryMiB, TestGuestImage guest) throws IOException, InterruptedException {
        Map<String, Object> boot = Map.of("kernel", guest.kernel().toString(), "initrd", guest.initrd().toString(), "cmdline", guest.cmdline());
        return post("/vms", Map.of("name", name, "cpus", cpus, "memoryMiB", memoryMiB, "boot", boot), 201).path("id").asText();
    }

    /** POST /vms/{id}/migrate: 202 with the migration as it starts (the target chosen). */
    JsonNode migrate(String id, Map<String, Object> body) throws IOException, InterruptedException {
        return migrate(id, body, 0);
    }

    /** With a wait (seconds), the manager answers when the migration ended (200) or the wait is over (202). */
    JsonNode migrate(String id, Map<String, Object> body, int waitSeconds) throws IOException, InterruptedException {
        return waitSeconds == 0 ? post("/vms/" + id + "/migrate", body, 202) : post("/vms/" + id + "/migrate?wait=" + waitSeconds, body, 200);
    }

    /** GET /vms/{id}/migration: the running migration, or the last one that ended. */
    JsonNode migration(String id) throws IOException, InterruptedException {
        return get("/vms/" + id + "/migration");
    }

    /** GET /vms/{id}/migration?wait=S: answers when the running migration ends (or after S seconds). */
    JsonNode migrationEnd(String id, int waitSeconds) throws IOException, InterruptedException {
        return get("/vms/" + id + "/migration?wait=" + waitSeconds);
    }

    JsonNode startVm(String id) throws IOException, InterruptedException {
        return post("/vms/" + id + "/start", null, 200);
    }

    JsonNode stopVm(String id) throws IOException, InterruptedException {
        return post("/vms/" + id + "/stop", null, 200);
    }

    JsonNode vm(String id) throws IOException, InterruptedException {
        return get("/vms/" + id);
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new CallFailed("GET " + path, r.statusCode(), r.body());
        }
        return JSON.readTree(r.body());
    }

    /** PUT answered 200. */
    JsonNode put(String path, Object body) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new CallFailed("PUT " + path, r.statusCode(), r.body());
        }
        return JSON.readTree(r.body());
    }

    /** DELETE, answered 200, 202 or 204; the body when there is one. */
    JsonNode delete(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(request(path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new CallFailed("DELETE " + path, r.statusCode(), r.body());
        }
        return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    JsonNode post(String path, Object body, int expected) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
        HttpResponse<String> r = client.send(request(path).header("Content-Type", "application/json").POST(publisher).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected && !(expected == 200 && r.statusCode() == 202)) {
            throw new CallFailed("POST " + path, r.statusCode(), r.body());
        }
        return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2)).header("Authorization", auth)
                .header("Accept", "application/json");
    }

    /** Jackson writes an Instant as ISO text or as decimal epoch seconds depending on its settings: read both. */
    static Instant instant(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isNumber()) {
            double s = n.asDouble();
            return Instant.ofEpochSecond((long) s, (long) ((s - Math.floor(s)) * 1e9));
        }
        return Instant.parse(n.asText());
    }
}
