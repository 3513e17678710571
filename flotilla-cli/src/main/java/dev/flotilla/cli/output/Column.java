package dev.flotilla.cli.output;

import java.util.function.Function;

/** One column of a table: its header and how to get the cell's text from a row. */
public record Column<T>(String header, Function<T, String> value) {

    public static <T> Column<T> of(String header, Function<T, String> value) {
        return new Column<>(header, value);
    }
}
