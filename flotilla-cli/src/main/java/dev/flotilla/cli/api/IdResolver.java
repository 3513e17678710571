package dev.flotilla.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns what the user typed (an id or an exact name) into an id. Ids are UUIDs, so anything that
 * parses as one is taken as an id without a round trip; a name is looked up with the
 * collection's {@code ?name=} filter and must match exactly one object.
 */
public final class IdResolver {

    private final ApiClient api;

    public IdResolver(ApiClient api) {
        this.api = api;
    }

    /**
     * @param collection the collection path, such as {@code /vms}
     * @param kind       what to call the object in messages, such as {@code VM}
     */
    public String resolve(String collection, String kind, String idOrName) {
        if (isUuid(idOrName)) {
            return idOrName;
        }
        JsonNode page = api.get(collection, Query.of().with("name", idOrName));
        List<String> ids = new ArrayList<>();
        // The filter may match loosely on the server; only an exact name counts.
        for (JsonNode item : page.path("items")) {
            if (idOrName.equals(item.path("name").asText())) {
                ids.add(item.path("id").asText());
            }
        }
        if (ids.isEmpty()) {
            throw new ApiException(404, "no " + kind + " named '" + idOrName + "'", List.of());
        }
        if (ids.size() > 1) {
            throw new ApiException(409, ids.size() + " " + kind + "s are named '" + idOrName
                    + "'; use the id: " + String.join(", ", ids), List.of());
        }
        return ids.get(0);
    }

    private static boolean isUuid(String s) {
        try {
            return UUID.fromString(s).toString().equalsIgnoreCase(s);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
