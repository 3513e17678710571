package dev.flotilla.manager.api;

/** A page of a list: {@code page} counts from 0; {@code size} is capped so one call cannot ask for everything. */
public record PageRequest(int page, int size) {

    public static final int MAX_SIZE = 1000;

    public static PageRequest of(Integer page, Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? 50 : size;
        if (p < 0) {
            throw BadRequestException.field("page", "must be 0 or more");
        }
        if (s < 1 || s > MAX_SIZE) {
            throw BadRequestException.field("size", "must be between 1 and " + MAX_SIZE);
        }
        return new PageRequest(p, s);
    }

    public long offset() {
        return (long) page * size;
    }
}
