package dev.flotilla.manager.api;

import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/** Says which field of an unreadable JSON body is wrong, without echoing Jackson's internals. */
final class JsonErrors {

    private JsonErrors() {
    }

    static String field(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof DatabindException de && !de.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (JacksonException.Reference ref : de.getPath()) {
                if (ref.getPropertyName() != null) {
                    path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
            return path.toString();
        }
        return "body";
    }

    static String describe(HttpMessageNotReadableException e) {
        String field = field(e);
        if (e.getCause() instanceof DatabindException) {
            return field + ": has the wrong type or format";
        }
        if (e.getCause() instanceof JacksonException) {
            return "body: is not valid JSON";
        }
        return "body: is missing or unreadable";
    }
}
