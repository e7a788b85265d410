package dev.uuidswap.copy;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Rows, rows/s and ETA: a live bar on a terminal, a plain line every few seconds otherwise,
 * nothing with --quiet. The total is an estimate that is never below what is done (a table never
 * analysed has no row count), so the line never shows more than 100 %. Thread-safe: copy workers
 * report into one instance.
 */
public final class Progress {
    private final PrintStream err;
    private final boolean terminal;
    private final boolean quiet;
    private final String label;
    private final Supplier<String> waitingFor;
    private final long started = System.nanoTime();
    private long total;
    private long done;
    private long lastPrint;

    public Progress(PrintStream err, boolean terminal, boolean quiet, String label, long total, Supplier<String> waitingFor) {
        this.err = err;
        this.terminal = terminal;
        this.quiet = quiet;
        this.label = label;
        this.total = Math.max(total, 0);
        this.waitingFor = waitingFor;
    }

    /** A better estimate of the total, as the work shows it. */
    public synchronized void total(long estimate) {
        total = estimate;
    }

    public synchronized void add(long n) {
        done += n;
        long now = System.nanoTime();
        long every = terminal ? 200_000_000L : 5_000_000_000L;
        if (!quiet && now - lastPrint >= every) {
            lastPrint = now;
            print(false);
        }
    }

    public synchronized long done() {
        return done;
    }

    public synchronized void finish() {
        if (!quiet) {
            print(true);
        }
    }

    private long shownTotal(boolean last) {
        return last ? done : Math.max(total, done);
    }

    private double percent(boolean last) {
        long t = shownTotal(last);
        return t == 0 ? (last ? 100.0 : 0.0) : Math.min(100.0, 100.0 * done / t);
    }

    /** The line as it would print now (also for the tests of the estimate). */
    synchronized String line(boolean last) {
        double secs = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        long shownTotal = shownTotal(last);
        double rate = done / secs;
        double pct = percent(last);
        String eta = last ? "0s" : rate > 0 && done < shownTotal ? String.format(Locale.ROOT, "%.0fs", (shownTotal - done) / rate) : "-";
        String wait = waitingFor.get() == null ? "" : " (waiting: " + waitingFor.get() + ")";
        return String.format(Locale.ROOT, "%s %5.1f%% %,d/%,d rows %,.0f rows/s ETA %s%s",
                label, pct, done, shownTotal, rate, eta, wait);
    }

    private void print(boolean last) {
        String line = line(last);
        if (terminal) {
            int filled = (int) (percent(last) / 5);
            err.print("\r[" + "=".repeat(filled) + " ".repeat(20 - filled) + "] " + line + (last ? "\n" : ""));
        } else {
            err.println(line);
        }
        err.flush();
    }
}
