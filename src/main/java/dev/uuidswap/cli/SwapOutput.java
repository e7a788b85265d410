package dev.uuidswap.cli;

import dev.uuidswap.swap.SwapScript.Direction;
import dev.uuidswap.swap.Swapper;
import java.util.Locale;

/** The one-paragraph result of swap and swap-back. */
final class SwapOutput {
    private SwapOutput() {
    }

    static String line(Swapper.Result r) {
        String what = r.direction() == Direction.FORWARD ? "swap" : "swap-back";
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "%s: %s done in attempt %d; locks held %.1f ms; the application waited at most %.1f ms;"
                        + " %d log entries applied at the cut-over%n",
                what, r.migration(), r.attempts(), r.lockHoldMillis(), r.longestWaitMillis(), r.drained()));
        if (!r.castsCreated().isEmpty()) {
            b.append(what).append(": compatibility casts created: ").append(r.castsCreated()).append(" → uuid\n");
        }
        b.append(String.format(Locale.ROOT, "%s: %d foreign key(s) validated after commit%n", what, r.validated().size()));
        for (String p : r.validationProblems()) {
            b.append(what).append(": WARNING: could not validate ").append(p)
                    .append(" (it stays listed in status; status --repair retries it)\n");
        }
        b.append(r.direction() == Direction.FORWARD
                ? "swap: the old tables are kept in sync; uuidswap swap-back returns to them, finalize --confirm drops them\n"
                : "swap-back: the string tables are live again; verify, then swap when ready\n");
        return b.toString();
    }
}
