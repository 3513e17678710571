package dev.flotilla.manager.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A console page as the admin sees it, rendered by the running test manager: signed in through the login form. */
public final class ConsolePages {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private ConsolePages() {
    }

    /** GET {@code path} of the console on {@code port} after signing in as admin@internal; fails unless 200. */
    public static String page(int port, String path) throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NORMAL).build();
        String loginPage = browser.send(HttpRequest.newBuilder(url(port, "/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = CSRF.matcher(loginPage);
        assertThat(m.find()).as("the login page has a CSRF field").isTrue();
        String form = "username=" + URLEncoder.encode("admin@internal", StandardCharsets.UTF_8) + "&password=test-pass&_csrf="
                + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8);
        browser.send(HttpRequest.newBuilder(url(port, "/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(url(port, path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as("GET " + path).isEqualTo(200);
        return page.body();
    }

    private static URI url(int port, String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
