package dev.flotilla.manager.api;

import java.util.List;
import java.util.function.Function;

/** Every list answers {@code {"items": [...], "total": N}}; total counts all matches, not just this page. */
public record ListResponse<T>(List<T> items, long total) {

    public <R> ListResponse<R> map(Function<T, R> mapper) {
        return new ListResponse<>(items.stream().map(mapper).toList(), total);
    }
}
