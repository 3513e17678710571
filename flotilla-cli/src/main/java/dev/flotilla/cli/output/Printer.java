package dev.flotilla.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Prints answers in the format the user chose. Table rendering reads the JSON into the
 * feature's record; json output prints the node as the manager sent it, fields the CLI does not
 * know included.
 */
public final class Printer {

    private final OutputFormat format;
    private final ObjectMapper json;
    private final PrintWriter out;
    private final PrintWriter err;

    public Printer(OutputFormat format, ObjectMapper json, PrintWriter out, PrintWriter err) {
        this.format = format;
        this.json = json;
        this.out = out;
        this.err = err;
    }

    /** A list answer {@code {"items":[...],"total":N}}. */
    public <T> void list(JsonNode page, Class<T> type, List<Column<T>> columns) {
        if (format == OutputFormat.json) {
            printJson(page);
            return;
        }
        List<T> items = new ArrayList<>();
        for (JsonNode item : page.path("items")) {
            items.add(read(item, type));
        }
        printTable(items, columns);
        long total = page.path("total").asLong(items.size());
        if (total > items.size()) {
            // On stderr so that a script piping the table gets only rows.
            err.printf("(%d of %d shown; use --page and --size for more)%n", items.size(), total);
            err.flush();
        }
    }

    /** One object as a one-row table: what an action (start, approve...) answered. */
    public <T> void row(JsonNode node, Class<T> type, List<Column<T>> columns) {
        if (format == OutputFormat.json) {
            printJson(node);
            return;
        }
        printTable(List.of(read(node, type)), columns);
    }

    /** One object as label/value lines: the {@code show} commands. */
    public <T> void details(JsonNode node, Class<T> type, Function<T, List<Detail>> details) {
        if (format == OutputFormat.json) {
            printJson(node);
            return;
        }
        List<Detail> lines = details.apply(read(node, type));
        int width = lines.stream().mapToInt(d -> d.label().length()).max().orElse(0) + 1;
        for (Detail line : lines) {
            out.println(String.format("%-" + width + "s %s", line.label() + ":", line.value()).stripTrailing());
        }
        out.flush();
    }

    /**
     * A sentence for people (deleted..., a token). In json mode the JSON, if any, is printed
     * instead, and a bare confirmation prints nothing so that output stays parseable.
     */
    public void message(String text, JsonNode node) {
        if (format == OutputFormat.json) {
            if (node != null) {
                printJson(node);
            }
            return;
        }
        out.println(text);
        out.flush();
    }

    /** A side remark for people, on stderr and only in table mode (json output stays pure). */
    public void note(String text) {
        if (format == OutputFormat.table) {
            err.println(text);
            err.flush();
        }
    }

    private <T> void printTable(List<T> items, List<Column<T>> columns) {
        List<String> headers = columns.stream().map(Column::header).toList();
        List<List<String>> rows = items.stream()
                .map(item -> columns.stream().map(c -> Cells.text(c.value().apply(item))).toList())
                .toList();
        out.print(Table.render(headers, rows));
        out.flush();
    }

    private void printJson(JsonNode node) {
        try {
            out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print JSON", e);
        }
        out.flush();
    }

    private <T> T read(JsonNode node, Class<T> type) {
        try {
            return json.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unexpected answer from the manager: " + e.getOriginalMessage(), e);
        }
    }
}
