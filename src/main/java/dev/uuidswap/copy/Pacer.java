package dev.uuidswap.copy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Production manners between batches (gh-ost's throttler): wait while the pause file exists or a
 * streaming replica lags too much, and keep the copy under --max-rows-per-second.
 */
public final class Pacer {
    private static final Logger log = LoggerFactory.getLogger(Pacer.class);

    private final Path pauseFile;
    private final Duration maxReplicaLag;
    private final LongSupplier replicaLagMillis;
    private final long maxRowsPerSecond;
    private final long started = System.nanoTime();
    private long rows;
    private volatile String waitingFor;

    public Pacer(Path pauseFile, Duration maxReplicaLag, LongSupplier replicaLagMillis, long maxRowsPerSecond) {
        this.pauseFile = pauseFile;
        this.maxReplicaLag = maxReplicaLag;
        this.replicaLagMillis = replicaLagMillis;
        this.maxRowsPerSecond = maxRowsPerSecond;
    }

    public static Pacer unlimited() {
        return new Pacer(null, null, () -> 0, 0);
    }

    /** Why the copy waits now, or null. */
    public String waitingFor() {
        return waitingFor;
    }

    public void awaitGo() {
        long lastLog = 0;
        while (true) {
            String why = null;
            if (pauseFile != null && Files.exists(pauseFile)) {
                why = "pause file " + pauseFile + " exists";
            } else if (maxReplicaLag != null) {
                long lag = replicaLagMillis.getAsLong();
                if (lag > maxReplicaLag.toMillis()) {
                    why = "replica lag " + lag + " ms > " + maxReplicaLag.toMillis() + " ms";
                }
            }
            waitingFor = why;
            if (why == null) {
                return;
            }
            if (System.nanoTime() - lastLog > 10_000_000_000L) {
                log.info("waiting: {}", why);
                lastLog = System.nanoTime();
            }
            sleep(500);
        }
    }

    /** Records rows done and sleeps as long as the rate limit asks. */
    public synchronized void done(long n) {
        rows += n;
        if (maxRowsPerSecond <= 0) {
            return;
        }
        double due = (double) rows / maxRowsPerSecond;
        double elapsed = (System.nanoTime() - started) / 1e9;
        if (due > elapsed) {
            sleep((long) ((due - elapsed) * 1000));
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
