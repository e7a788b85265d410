package dev.uuidswap.copy;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Rows, rows/s and ETA: a live bar on a terminal, a plain line every few seconds otherwise,
 * nothing with --quiet. Thread-safe: copy workers report into one instance.
 */
public final class Progress {
    private final PrintStream err;
    private final boolean terminal;
    private final boolean quiet;
    private final String label;
    private final long total;
    private final Supplier<String> waitingFor;
    private final long started = System.nanoTime();
    private long done;
    private long lastPrint;

    public Progress(PrintStream err, boolean terminal, boolean quiet, String label, long total, Supplier<String> waitingFor) {
        this.err = err;
        this.terminal = terminal;
        this.quiet = quiet;
        this.label = label;
        this.total = Math.max(total, 1);
        this.waitingFor = waitingFor;
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

    public synchronized double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    public synchronized void finish() {
        if (!quiet) {
            print(true);
        }
    }

    private void print(boolean last) {
        double secs = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        double rate = done / secs;
        double pct = Math.min(100.0, 100.0 * done / total);
        String eta = rate > 0 && done < total ? String.format(Locale.ROOT, "%.0fs", (total - done) / rate) : "-";
        String wait = waitingFor.get() == null ? "" : " (waiting: " + waitingFor.get() + ")";
        String line = String.format(Locale.ROOT, "%s %5.1f%% %,d/%,d rows %,.0f rows/s ETA %s%s",
                label, pct, done, total, rate, last ? "0s" : eta, wait);
        if (terminal) {
            int filled = (int) (pct / 5);
            err.print("\r[" + "=".repeat(filled) + " ".repeat(20 - filled) + "] " + line + (last ? "\n" : ""));
        } else {
            err.println(line);
        }
        err.flush();
    }
}
