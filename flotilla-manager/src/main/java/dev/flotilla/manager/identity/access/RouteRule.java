package dev.flotilla.manager.identity.access;

import java.util.Map;
import java.util.function.Function;
import org.springframework.web.util.pattern.PathPattern;

/**
 * One line of the {@link RouteTable}: requests with this method (null: any) whose path matches
 * need this action group on the target. {@code listed} names the type of the items a list answer
 * holds, so the answer is cut to what the caller may see.
 */
public record RouteRule(String method, PathPattern pattern, Function<Map<String, String>, ActionGroup> group,
                        Target target, boolean filtered, SecuredType listed) {

    public ActionGroup groupFor(Map<String, String> variables) {
        return group.apply(variables);
    }

    /** How the rule reads in the table, for messages. */
    public String describe() {
        return (method == null ? "ANY" : method) + " " + pattern.getPatternString();
    }
}
