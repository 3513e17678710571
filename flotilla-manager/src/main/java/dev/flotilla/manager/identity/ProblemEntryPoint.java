package dev.flotilla.manager.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's 401 as problem+json saying why: wrong name or password, locked, disabled, or a
 * directory that cannot be reached (then the caller knows it is not its password).
 */
final class ProblemEntryPoint implements AuthenticationEntryPoint {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        String detail = "Sign in with HTTP Basic (user@domain and password) or a bearer token from POST /api/v1/auth/token.";
        if (e instanceof AuthenticationServiceException) {
            detail = e.getMessage();
        } else if (e instanceof LockedException) {
            detail = "The user is locked after repeated failed logins; ask an administrator or wait.";
        } else if (e instanceof DisabledException) {
            detail = "The user is disabled.";
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Basic realm=\"flotilla\"");
        response.setContentType("application/problem+json");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", "Unauthorized");
        body.put("status", 401);
        body.put("detail", detail);
        response.getWriter().write(JSON.writeValueAsString(body));
    }
}
