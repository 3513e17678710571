package dev.flotilla.manager.identity.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies the {@link RouteTable} to every authenticated request, API and console alike: finds the
 * rule, the object and the caller's action groups on it, and answers 403 naming the missing action
 * group. A route without a rule needs {@code configure_system} on System (only a super user passes)
 * until its line is added. Callers holding only user roles are sent to the VM portal from admin pages.
 */
public final class AccessFilter extends OncePerRequestFilter {

    /** The caller's {@link Access} and the matched rule, for the list filter and the console. */
    public static final String ACCESS = Access.class.getName();
    static final String RULE = RouteRule.class.getName();
    private static final RouteRule FALLBACK = new RouteRule(null,
            new org.springframework.web.util.pattern.PathPatternParser().parse("/**"), vars -> ActionGroup.CONFIGURE_SYSTEM,
            Target.system(), false, null);

    private final Authorizer authorizer;

    public AccessFilter(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        RouteTable.Match match = RouteTable.match(request.getMethod(), path).orElse(new RouteTable.Match(FALLBACK, Map.of()));
        if (auth == null || auth instanceof AnonymousAuthenticationToken || !auth.isAuthenticated()
                || match.rule().target().scope() == Target.Scope.PUBLIC) {
            chain.doFilter(request, response);   // Spring Security has already let it through as public
            return;
        }
        Optional<Access> found = authorizer.accessOf(auth.getName());
        if (found.isEmpty() || !found.get().holdsAnywhere(ActionGroup.LOGIN)) {
            AccessDenied.write(request, response, ActionGroup.LOGIN, SecuredObject.SYSTEM);
            return;
        }
        Access access = found.get();
        if (!access.isAdmin() && isAdminPage(request, path)) {
            response.sendRedirect(request.getContextPath() + "/portal");
            return;
        }
        HttpServletRequest effective = needsBody(match, request) ? new CachedBody(request) : request;
        ActionGroup group = match.group();
        Optional<SecuredObject> object = match.rule().target().find(targetRequest(match, effective));
        boolean allowed = object.map(o -> access.may(group, o)).orElseGet(() -> access.holdsAnywhere(group));
        if (!allowed) {
            AccessDenied.write(request, response, group, object.orElse(null));
            return;
        }
        effective.setAttribute(ACCESS, access);
        effective.setAttribute(RULE, match.rule());
        chain.doFilter(effective, response);
    }

    private static boolean needsBody(RouteTable.Match match, HttpServletRequest request) {
        String type = request.getContentType();
        Target.Scope scope = match.rule().target().scope();
        return (scope == Target.Scope.BODY || scope == Target.Scope.BODY_OBJECT) && type != null && type.contains("json");
    }

    private Target.Request targetRequest(RouteTable.Match match, HttpServletRequest request) {
        return new Target.Request() {
            @Override
            public Map<String, String> pathVariables() {
                return match.variables();
            }

            @Override
            public Optional<String> field(String name) {
                return request instanceof CachedBody cached ? cached.field(name)
                        : Optional.ofNullable(request.getParameter(name)).filter(s -> !s.isBlank());
            }

            @Override
            public Optional<SecuredObject> objectOfPermission(UUID permissionId) {
                return authorizer.objectOfPermission(permissionId);
            }
        };
    }

    /** Console pages for administrators; a caller with only user roles uses the portal and its VMs' consoles. */
    private static boolean isAdminPage(HttpServletRequest request, String path) {
        return "GET".equals(request.getMethod()) && !path.startsWith("/api/") && !path.startsWith("/portal")
                && !path.startsWith("/logout") && !path.equals("/live") && !path.matches("/vms/[^/]+/(console.*|screenshot\\.png)");
    }
}
