package dev.uuidswap.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The benchmark's table: each line a measure, its limit measured in the same run, the ratio, the target. */
public final class BenchReport {
    /** {@code verdict}: PASS, MISS or "" when the line has no target. */
    public record Line(String measure, String size, double value, String unit, Double limit, Double ratio, String target,
            String verdict) {
    }

    private final String machine;
    private final List<Line> lines = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public BenchReport(String machine) {
        this.machine = machine;
    }

    public void info(String measure, String size, double value, String unit) {
        lines.add(new Line(measure, size, value, unit, null, null, "", ""));
    }

    /** A measure against a limit; {@code max}: the highest ratio that passes (or null for no target). */
    public void ratio(String measure, String size, double value, String unit, double limit, Double max) {
        double r = value / Math.max(limit, 1e-9);
        lines.add(new Line(measure, size, value, unit, limit, r, max == null ? "" : "≤ " + max + "×",
                max == null ? "" : r <= max ? "PASS" : "MISS"));
    }

    /** A measure that must be at least {@code min} times better than the limit (limit / value ≥ min). */
    public void atLeast(String measure, String size, double value, String unit, double limit, double min) {
        double r = limit / Math.max(value, 1e-9);
        lines.add(new Line(measure, size, value, unit, limit, r, "≥ " + min + "× shorter", r >= min ? "PASS" : "MISS"));
    }

    public void target(String measure, String size, double value, String unit, double max) {
        lines.add(new Line(measure, size, value, unit, null, null, "≤ " + max + " " + unit, value <= max ? "PASS" : "MISS"));
    }

    /** A sentence under the table (what a figure depends on, such as a plan). */
    public void note(String text) {
        notes.add(text);
    }

    public List<Line> lines() {
        return lines;
    }

    public String markdown() {
        StringBuilder b = new StringBuilder("# uuidswap benchmark\n\n").append(machine).append("\n\n")
                .append("| measure | size | value | limit (same run) | ratio | target | |\n|---|---|---|---|---|---|---|\n");
        for (Line l : lines) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %s %s | %s | %s | %s | %s |%n", l.measure(), l.size(),
                    num(l.value()), l.unit(), l.limit() == null ? "" : num(l.limit()) + " " + l.unit(),
                    l.ratio() == null ? "" : String.format(Locale.ROOT, "%.2f×", l.ratio()), l.target(), l.verdict()));
        }
        if (!notes.isEmpty()) {
            b.append('\n');
            notes.forEach(n -> b.append("- ").append(n).append('\n'));
        }
        return b.toString();
    }

    static String num(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("bench.md"), markdown());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("bench.json").toFile(), this.lines);
    }
}
