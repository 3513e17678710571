package dev.flotilla.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The rows of a benchmark's result, printed as a Markdown table as they come and at the end. */
final class Report {

    private record Row(String what, String value, String how) {
    }

    private final String title;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> sections = new ArrayList<>();

    Report(String title) {
        this.title = title;
    }

    void add(String what, String value, String how) {
        rows.add(new Row(what, value, how));
        System.err.println("  " + what + ": " + value + (how.isBlank() ? "" : "   (" + how + ")"));
    }

    /** Markdown printed after the table (a second table, details). */
    void section(String markdown) {
        sections.add(markdown);
        System.err.println(markdown);
    }

    String markdown() {
        StringBuilder b = new StringBuilder("### " + title + "\n\n| measure | value | how |\n|---|---|---|\n");
        for (Row r : rows) {
            b.append("| ").append(r.what()).append(" | ").append(r.value()).append(" | ").append(r.how()).append(" |\n");
        }
        for (String s : sections) {
            b.append("\n").append(s);
        }
        return b.toString();
    }

    void write(Path file) throws IOException {
        Files.writeString(file, markdown());
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
