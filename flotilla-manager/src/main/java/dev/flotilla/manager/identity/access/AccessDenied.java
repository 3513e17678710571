package dev.flotilla.manager.identity.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.json.JsonMapper;

/** The 403 answer: problem+json for the API, a short page for the console; both name the missing action group. */
final class AccessDenied {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AccessDenied() {
    }

    static String detail(ActionGroup group, SecuredObject object) {
        return object == null ? "This needs the action group '%s', which none of your roles holds.".formatted(group.label())
                : "This needs the action group '%s' on %s, which none of your roles there holds.".formatted(group.label(), object);
    }

    static void write(HttpServletRequest request, HttpServletResponse response, ActionGroup group, SecuredObject object)
            throws IOException {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        String detail = detail(group, object);
        if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "about:blank");
            body.put("title", "Forbidden");
            body.put("status", 403);
            body.put("detail", detail);
            body.put("actionGroup", group.label());
            if (object != null) {
                body.put("objectType", object.type().label());
                body.put("objectId", object.id());
            }
            body.put("instance", request.getRequestURI());
            response.setContentType("application/problem+json");
            response.getWriter().write(JSON.writeValueAsString(body));
        } else {
            response.setContentType("text/html");
            response.getWriter().write("<!DOCTYPE html><html><head><title>Forbidden</title></head><body><h1>Forbidden</h1><p id=\"forbidden\">"
                    + HtmlUtils.htmlEscape(detail) + "</p><p><a href=\"/\">Back</a></p></body></html>");
        }
    }
}
