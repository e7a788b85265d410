package dev.uuidswap.copy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A table never analysed has no row estimate: the line grows its total with the work, never past 100 %. */
@Tag("fast")
class ProgressNeverShowsMoreThanAllRows {
    private static final Pattern LINE = Pattern.compile("(\\d+\\.\\d)% ([\\d,]+)/([\\d,]+) rows");

    private static void sane(String line) {
        Matcher m = LINE.matcher(line);
        assertTrue(m.find(), line);
        double pct = Double.parseDouble(m.group(1));
        long done = Long.parseLong(m.group(2).replace(",", ""));
        long total = Long.parseLong(m.group(3).replace(",", ""));
        assertTrue(pct <= 100.0 && done <= total, line);
    }

    @Test
    void anEstimateBelowWhatIsDoneIsRaisedToIt() {
        Progress p = new Progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, true,
                "copy t", 1, () -> null);
        p.add(1_000);
        sane(p.line(false));
        assertTrue(p.line(false).contains("1,000/1,000 rows"), p.line(false));
        p.total(10);
        sane(p.line(false));
        p.total(5_000);
        sane(p.line(false));
        assertTrue(p.line(false).contains(" 20.0% 1,000/5,000"), p.line(false));
        p.add(9_000);
        sane(p.line(false));
        sane(p.line(true));
        assertTrue(p.line(true).contains("100.0% 10,000/10,000"), p.line(true));
    }

    @Test
    void nothingToDoIsDoneAtTheEnd() {
        Progress p = new Progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, true,
                "copy t", 0, () -> "replica lag");
        assertTrue(p.line(false).contains("0.0% 0/0 rows") && p.line(false).contains("(waiting: replica lag)"), p.line(false));
        assertTrue(p.line(true).contains("100.0% 0/0 rows"), p.line(true));
    }
}
