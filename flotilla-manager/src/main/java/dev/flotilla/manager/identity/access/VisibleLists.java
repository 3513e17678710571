package dev.flotilla.manager.identity.access;

import dev.flotilla.manager.api.ListResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Cuts every API list down to what the caller may see, in one place instead of in each controller.
 * An item is seen when the caller holds any role on it or above it. The list's route names the
 * items' type; items of mixed types (events, permissions) carry {@code objectType} and {@code objectId}.
 * A caller with a role on System sees everything and its lists are not touched. The page size is
 * the controllers' (a cut page can be shorter than asked); {@code total} counts what the caller sees of this page's range.
 */
@RestControllerAdvice(basePackages = "dev.flotilla.manager")
class VisibleLists implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return ListResponse.class.isAssignableFrom(returnType.getParameterType());
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        if (!(body instanceof ListResponse<?> list) || !(request instanceof ServletServerHttpRequest servlet)) {
            return body;
        }
        HttpServletRequest http = servlet.getServletRequest();
        if (!(http.getAttribute(AccessFilter.ACCESS) instanceof Access access) || access.seesEverything()
                || !(http.getAttribute(AccessFilter.RULE) instanceof RouteRule rule) || !rule.filtered()) {
            return body;
        }
        List<?> kept = keep(access, rule.listed(), list.items());
        return new ListResponse<>(kept.stream().map(i -> (Object) i).toList(), list.total() - (list.items().size() - kept.size()));
    }

    /**
     * The items the caller may see: each is a record with an {@code id} of type {@code listed}, or
     * (listed null) with {@code objectType} and {@code objectId}; an item that says neither is not shown.
     * The API's lists and the console's pages both cut through here.
     */
    static <T> List<T> keep(Access access, SecuredType listed, List<T> items) {
        return access.seesEverything() ? items : items.stream().filter(item -> visible(access, listed, item)).toList();
    }

    private static boolean visible(Access access, SecuredType listed, Object item) {
        return objectOf(listed, item).map(access::sees).orElse(false);
    }

    static Optional<SecuredObject> objectOf(SecuredType listed, Object item) {
        if (listed != null) {
            return component(item, "id", UUID.class).map(id -> SecuredObject.of(listed, id));
        }
        Optional<SecuredType> type = component(item, "objectType", String.class).flatMap(SecuredType::parse);
        return type.map(t -> SecuredObject.of(t, component(item, "objectId", UUID.class).orElse(null)));
    }

    private static <T> Optional<T> component(Object item, String name, Class<T> type) {
        if (item == null || !item.getClass().isRecord()) {
            return Optional.empty();
        }
        for (RecordComponent c : item.getClass().getRecordComponents()) {
            if (c.getName().equals(name)) {
                try {
                    c.getAccessor().setAccessible(true);
                    Object v = c.getAccessor().invoke(item);
                    return type.isInstance(v) ? Optional.of(type.cast(v)) : Optional.empty();
                } catch (ReflectiveOperationException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
