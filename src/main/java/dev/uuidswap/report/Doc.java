package dev.uuidswap.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A report as blocks (headings, paragraphs, tables, code), so text, markdown and HTML render the
 * same content and a change ticket shows exactly what the terminal showed.
 */
public final class Doc {
    public enum Tone { NORMAL, BAD, GOOD, WARN }

    public sealed interface Block permits Heading, Para, Table, Code {
    }

    public record Heading(int level, String text) implements Block {
    }

    public record Para(String text, Tone tone) implements Block {
    }

    /** Rows may carry a tone (a blocker row is red). */
    public record Table(List<String> headers, List<List<String>> rows, List<Tone> tones) implements Block {
    }

    public record Code(List<String> lines) implements Block {
    }

    private final String title;
    private final List<Block> blocks = new ArrayList<>();

    public Doc(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    public List<Block> blocks() {
        return blocks;
    }

    public Doc h(String text) {
        blocks.add(new Heading(2, text));
        return this;
    }

    public Doc p(String text) {
        return p(text, Tone.NORMAL);
    }

    public Doc p(String text, Tone tone) {
        blocks.add(new Para(text, tone));
        return this;
    }

    public Doc code(List<String> lines) {
        blocks.add(new Code(List.copyOf(lines)));
        return this;
    }

    public TableBuilder table(String... headers) {
        return new TableBuilder(List.of(headers));
    }

    /** Collects rows, then adds the table to the document. */
    public final class TableBuilder {
        private final List<String> headers;
        private final List<List<String>> rows = new ArrayList<>();
        private final List<Tone> tones = new ArrayList<>();

        TableBuilder(List<String> headers) {
            this.headers = headers;
        }

        public TableBuilder row(Object... cells) {
            return row(Tone.NORMAL, cells);
        }

        public TableBuilder row(Tone tone, Object... cells) {
            List<String> r = new ArrayList<>();
            for (Object c : cells) {
                r.add(c == null ? "" : c.toString());
            }
            rows.add(r);
            tones.add(tone);
            return this;
        }

        public Doc end() {
            blocks.add(new Table(headers, rows, tones));
            return Doc.this;
        }
    }

    public static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String[] u = {"kB", "MB", "GB", "TB"};
        double v = b;
        int i = -1;
        while (v >= 1024 && i < u.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, u[i]);
    }
}
