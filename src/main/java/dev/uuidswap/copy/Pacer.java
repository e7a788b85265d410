package dev.uuidswap.copy;

import dev.uuidswap.db.SessionMapper.Replica;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Production manners between batches and before each index build (gh-ost's throttler): wait while
 * the pause file exists or a streaming replica is too far behind, and keep the copy under
 * --max-rows-per-second. It fails closed: a replica whose lag cannot be read, or that was there
 * when the copy started and is gone now, counts as behind.
 */
public final class Pacer {
    private static final Logger log = LoggerFactory.getLogger(Pacer.class);

    /** At most {@code millis} behind in replay time, or {@code bytes} behind in WAL; one of them is set. */
    public record LagLimit(Long millis, Long bytes) {
        public String display() {
            return millis != null ? millis + " ms" : bytes + " bytes";
        }
    }

    private final Path pauseFile;
    private final LagLimit maxLag;
    private final Supplier<List<Replica>> replicas;
    private final long maxRowsPerSecond;
    private final long started = System.nanoTime();
    private final Set<String> expected;
    private long rows;
    private volatile String waitingFor;

    /** {@code atStart}: the replicas seen when the command started; each must stay connected. */
    public Pacer(Path pauseFile, LagLimit maxLag, Supplier<List<Replica>> replicas, List<Replica> atStart,
            long maxRowsPerSecond) {
        this.pauseFile = pauseFile;
        this.maxLag = maxLag;
        this.replicas = replicas;
        this.maxRowsPerSecond = maxRowsPerSecond;
        this.expected = new LinkedHashSet<>();
        atStart.stream().filter(r -> !"inactive".equals(r.state())).forEach(r -> expected.add(r.name()));
    }

    /** Why the copy waits now, or null. */
    public String waitingFor() {
        return waitingFor;
    }

    /** Returns once nothing asks to wait; logs when it starts waiting and how long it waited. */
    public void awaitGo() {
        long since = 0;
        long lastLog = 0;
        while (true) {
            String why = reason();
            waitingFor = why;
            if (why == null) {
                if (since != 0) {
                    log.info("resumed after waiting {}", seconds(System.nanoTime() - since));
                }
                return;
            }
            long now = System.nanoTime();
            if (since == 0) {
                since = now;
            }
            if (now - lastLog > 10_000_000_000L) {
                log.info("waiting: {} (for {} so far)", why, seconds(now - since));
                lastLog = now;
            }
            sleep(500);
        }
    }

    private synchronized String reason() {
        if (pauseFile != null && Files.exists(pauseFile)) {
            return "pause file " + pauseFile + " exists";
        }
        if (maxLag == null) {
            return null;
        }
        List<Replica> now = replicas.get();
        for (Replica r : now) {
            if (!r.readable()) {
                return "the lag of replica " + r.name() + " cannot be read by this role";
            }
            if ("inactive".equals(r.state())) {
                return r.name() + " is not connected (its replica is gone or behind)";
            }
            if (behind(r)) {
                return "replica " + r.name() + " is " + (maxLag.millis() != null ? r.lagMillis() + " ms" : r.lagBytes() + " bytes")
                        + " behind (limit " + maxLag.display() + ")";
            }
        }
        for (String name : expected) {
            if (now.stream().noneMatch(r -> r.name().equals(name))) {
                return "replica " + name + " disconnected";
            }
        }
        return null;
    }

    /**
     * Behind in time only while WAL is still to replay: replay_lag keeps its last figure for
     * seconds after the standby caught up, which would hold the copy for nothing.
     */
    private boolean behind(Replica r) {
        long bytes = r.lagBytes() == null ? 0 : r.lagBytes();
        if (maxLag.bytes() != null) {
            return bytes > maxLag.bytes();
        }
        return bytes > 0 && r.lagMillis() != null && r.lagMillis() > maxLag.millis();
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

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
