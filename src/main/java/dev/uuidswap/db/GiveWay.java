package dev.uuidswap.db;

import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.UuidswapException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.TransactionIsolationLevel;

/**
 * Keeps a long reading transaction (the plan's checks, minutes on a large set) from becoming the
 * head of a lock queue. It holds ACCESS SHARE on every table it read until it ends; a DDL that
 * asks for ACCESS EXCLUSIVE meanwhile waits for it, and every application query on that table
 * waits behind the DDL (lessons: a waiting exclusive lock stalls every later reader). Polled from
 * a second session every {@link #EVERY_MS} ms (reading pg_locks takes every lock partition, so
 * not more often): once a session waits behind the watched one, the watched statement is
 * cancelled (again on each poll, as a cancel that lands between two statements is lost), and the
 * command ends with exit 5 naming the session it gave way to.
 */
public final class GiveWay implements AutoCloseable {
    static final long EVERY_MS = 250;
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "uuidswap-give-way");
        t.setDaemon(true);
        return t;
    });

    private final Database db;
    private final SqlSession watched;
    private final int pid;
    private ScheduledFuture<?> task;
    private boolean open = true;
    private SessionMapper.Holder waiter;
    private List<SessionMapper.Holder> blockers = List.of();

    private GiveWay(Database db, SqlSession watched) {
        this.db = db;
        this.watched = watched;
        this.pid = watched.getMapper(SessionMapper.class).backendPid();
    }

    /**
     * A reading transaction under this watch: {@code lockWait} bounds each wait for a table
     * another session holds exclusively (exit 5 naming the holders); a session queued behind it
     * ends it (exit 5 naming that session). Rolled back at the end: it only reads. {@code what}
     * names the reader in the message ("the plan's checks").
     */
    public static <T> T reading(Database db, TransactionIsolationLevel level, String what, Duration lockWait,
            Function<SqlSession, T> work) {
        SqlSession s = db.openSession(level);
        GiveWay way = null;
        try {
            s.getMapper(SessionMapper.class).lockTimeout(lockWait.toMillis());
            way = watch(db, s);
            T value = work.apply(s);
            way.close();
            s.rollback(true);
            return value;
        } catch (RuntimeException e) {
            if (way == null) {
                throw e;
            }
            way.close();
            throw way.explain(what, lockWait, e);
        } finally {
            if (way != null && way.cancelled()) {
                // Before the session goes back to the pool: a cancel may still be on its way to it.
                // The pool closes the connection at once, and the session's own close then fails on
                // it (HikariCP resets a connection it no longer has: a NullPointerException), which
                // once turned checks that had finished into an internal error.
                db.evict(s.getConnection());
                try {
                    s.close();
                } catch (RuntimeException gone) {
                    // the connection is closed already, which is all the close was for
                }
            } else {
                s.close();
            }
        }
    }

    /** Starts watching the session; close it before the session's commit or rollback. */
    static GiveWay watch(Database db, SqlSession s) {
        GiveWay g = new GiveWay(db, s);
        g.task = TIMER.scheduleWithFixedDelay(g::poll, EVERY_MS, EVERY_MS, TimeUnit.MILLISECONDS);
        return g;
    }

    private void poll() {
        List<SessionMapper.Holder> behind;
        List<SessionMapper.Holder> ahead;
        try {
            SessionMapper.Holder[][] r = db.inTransaction(x -> new SessionMapper.Holder[][] {
                x.getMapper(SessionMapper.class).waitingBehind(pid).toArray(SessionMapper.Holder[]::new),
                x.getMapper(SessionMapper.class).blockersOf(pid).toArray(SessionMapper.Holder[]::new)});
            behind = List.of(r[0]);
            ahead = List.of(r[1]);
        } catch (RuntimeException e) {
            return; // the pool is closing, or the server went away: the watched session finds out itself
        }
        synchronized (this) {
            if (!open) {
                return;
            }
            if (!ahead.isEmpty()) {
                blockers = ahead;
            }
            if (behind.isEmpty()) {
                return;
            }
            waiter = waiter == null ? behind.get(0) : waiter;
            Deadline.cancel(watched);
        }
    }

    /**
     * What to throw for {@code e}: exit 5 with the sessions in the way when the watched session
     * gave up waiting for a table (naming those seen ahead of it while it waited) or was cancelled
     * to give way; {@code e} itself otherwise.
     */
    synchronized RuntimeException explain(String what, Duration lockWait, RuntimeException e) {
        if (SqlStates.is(e, SqlStates.LOCK_NOT_AVAILABLE)) {
            String held = blockers.stream().map(SessionMapper.Holder::describe).distinct().collect(Collectors.joining("; "));
            return new UuidswapException(ExitCode.LOCKS_NOT_ACQUIRED, what + " waited " + lockWait.toMillis()
                    + " ms for a table held by " + (held.isEmpty() ? "another session" : held)
                    + "; nothing was changed; run the command again once it is done", e);
        }
        if (waiter == null || !SqlStates.is(e, SqlStates.QUERY_CANCELED)) {
            return e;
        }
        return new UuidswapException(ExitCode.LOCKS_NOT_ACQUIRED, what + " gave way to " + waiter.describe()
                + ", which waited for a table they were reading (the application would have queued behind it);"
                + " nothing was changed; run the command again once that session is done", e);
    }

    /** Stops watching; idempotent. */
    @Override
    public synchronized void close() {
        open = false;
        task.cancel(false);
    }

    /** Whether a cancel was sent: then the connection must not be reused, the cancel may still land. */
    public synchronized boolean cancelled() {
        return waiter != null;
    }
}
