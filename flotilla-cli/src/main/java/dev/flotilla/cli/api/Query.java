package dev.flotilla.cli.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Query parameters of a request. Options the user left out are null and are simply not sent, so
 * the manager's own defaults (page 0, size 50, no filter) apply.
 */
public final class Query {

    private final Map<String, String> params = new LinkedHashMap<>();

    public static Query of() {
        return new Query();
    }

    public Query with(String name, Object value) {
        if (value != null) {
            params.put(name, value.toString());
        }
        return this;
    }

    /** {@code ?a=1&b=2}, or an empty string when there is nothing to send. */
    String render() {
        if (params.isEmpty()) {
            return "";
        }
        return params.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&", "?", ""));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
