package dev.flotilla.cli.output;

/** One line of a {@code show} view: a label and its value. */
public record Detail(String label, String value) {

    public static Detail of(String label, Object value) {
        return new Detail(label, Cells.text(value));
    }
}
