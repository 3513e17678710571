package dev.flotilla.cli.identity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.cli.api.ApiClient;
import dev.flotilla.cli.api.ApiException;
import java.util.List;

/** Finds a user, group, role or domain by id or by its name in a list answer. */
final class Principals {

    private Principals() {
    }

    /** {@code field} is the item's name field ({@code username}, {@code name}); "ann" also matches "ann@internal". */
    static String id(ApiClient api, String collection, String field, String kind, String idOrName) {
        for (JsonNode item : api.get(collection).path("items")) {
            String name = item.path(field).asText();
            if (item.path("id").asText().equals(idOrName) || name.equalsIgnoreCase(idOrName)
                    || name.equalsIgnoreCase(idOrName + "@internal")) {
                return item.path("id").asText();
            }
        }
        throw new ApiException(404, "no " + kind + " named '" + idOrName + "'", List.of());
    }
}
