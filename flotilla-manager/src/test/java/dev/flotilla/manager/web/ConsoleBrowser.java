package dev.flotilla.manager.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without script for console tests: a session cookie, the CSRF token read from the
 * page, form posts (repeated names allowed, as a multi-select sends them) answered by redirects.
 */
final class ConsoleBrowser {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final int port;
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    ConsoleBrowser(int port) {
        this.port = port;
    }

    ConsoleBrowser signedIn() throws IOException, InterruptedException {
        HttpResponse<String> answer = post("/login", get("/login").body(), "username", "admin@internal", "password", "test-pass");
        assertThat(answer.uri().getPath()).isEqualTo("/");
        return this;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts the pairs with the CSRF token of {@code page}, the page the form is on. */
    HttpResponse<String> post(String path, String page, String... pairs) throws IOException, InterruptedException {
        List<String> fields = new ArrayList<>(List.of("_csrf", csrf(page)));
        fields.addAll(List.of(pairs));
        String body = java.util.stream.IntStream.range(0, fields.size() / 2)
                .mapToObj(i -> enc(fields.get(2 * i)) + "=" + enc(fields.get(2 * i + 1))).collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(url(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String csrf(String page) {
        Matcher m = CSRF_FIELD.matcher(page);
        assertThat(m.find()).as("page has a CSRF field").isTrue();
        return m.group(1);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
