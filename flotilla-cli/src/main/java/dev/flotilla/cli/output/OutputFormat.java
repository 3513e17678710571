package dev.flotilla.cli.output;

/** The values of {@code -o/--output}; lower case because that is how users type them. */
public enum OutputFormat {
    table,
    json
}
