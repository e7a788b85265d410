package dev.uuidswap.db;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ibatis.session.SqlSession;
import org.postgresql.PGConnection;

/**
 * Cancels whatever a session runs when its time is up, so one figure bounds a whole transaction
 * however many statements (and lock requests) it sends. Disarmed before the commit: a cancel that
 * reached a commit in flight could not tell us whether the commit happened.
 */
final class Deadline {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "uuidswap-deadline");
        t.setDaemon(true);
        return t;
    });

    private final SqlSession session;
    private ScheduledFuture<?> task;
    private boolean armed = true;
    private boolean fired;

    private Deadline(SqlSession session) {
        this.session = session;
    }

    static Deadline arm(SqlSession s, Duration after) {
        Deadline d = new Deadline(s);
        d.task = TIMER.schedule(d::fire, after.toNanos(), TimeUnit.NANOSECONDS);
        return d;
    }

    private synchronized void fire() {
        if (!armed) {
            return;
        }
        armed = false;
        fired = true;
        cancel(session);
    }

    /** Cancels what the session runs now, if anything; a connection gone or closing fails on its own. */
    static void cancel(SqlSession s) {
        try {
            s.getConnection().unwrap(PGConnection.class).cancelQuery();
        } catch (SQLException | RuntimeException e) {
            // nothing to cancel any more
        }
    }

    /** Stops the timer; false if it had already fired (the attempt is over either way). */
    synchronized boolean disarm() {
        armed = false;
        task.cancel(false);
        return !fired;
    }
}
