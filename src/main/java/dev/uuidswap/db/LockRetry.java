package dev.uuidswap.db;

import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.UuidswapException;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a transaction that locks live tables under one deadline per attempt, rolling back at once
 * and retrying with backoff (pg_repack #408, gh-ost #768: a queued ACCESS EXCLUSIVE request stalls
 * every later reader, so it must never wait long). After the last attempt: exit 5, nothing
 * changed, and the sessions in the way named.
 *
 * <p>The deadline bounds the whole attempt, from the first lock request to the rollback or the
 * commit, whatever the number of tables: {@code lock_timeout} applies to each table separately, so
 * a {@link Deadline} cancels whatever still runs when the time is up. The time per attempt is
 * capped at half the server's deadlock_timeout: an application transaction that waits on
 * uuidswap then stops waiting (we give up) before its own deadlock check runs, so it is never
 * chosen as a deadlock victim, and uuidswap never waits long enough to run one itself.
 */
public final class LockRetry {
    private static final Logger log = LoggerFactory.getLogger(LockRetry.class);

    private final Database db;
    private final Duration requested;
    private final int attempts;
    private Duration timeout;

    public LockRetry(Database db, Duration lockTimeout, int attempts) {
        this.db = db;
        this.requested = lockTimeout;
        this.attempts = attempts;
    }

    /** What the successful attempt did, and what the application may have waited in the worst attempt. */
    public record Outcome<T>(T value, int attempt, double holdMillis, double longestAttemptMillis) {
    }

    /** One attempt's work: it calls {@code locked} once every lock is granted (for the hold time). */
    public interface Work<T> {
        T run(SqlSession s, Runnable locked);
    }

    /** Thrown by the work when something other than a lock makes it wait (a snapshot, say): retried like a lock. */
    public static final class NotYet extends RuntimeException {
        public NotYet(String why) {
            super(why, null, false, false);
        }
    }

    /** The pause after failed attempt {@code n} (1-based). */
    static long backoffMillis(int n) {
        return Math.min(5_000, 100L << Math.min(n, 6));
    }

    /** The longest a run of {@code attempts} can take: each attempt to its deadline, and the pauses between. */
    public static Duration worstCase(Duration perAttempt, int attempts) {
        long ms = perAttempt.toMillis() * attempts;
        for (int n = 1; n < attempts; n++) {
            ms += backoffMillis(n);
        }
        return Duration.ofMillis(ms);
    }

    /**
     * Half the server's deadlock_timeout at most (and 10 ms at least): an application session
     * queued behind uuidswap's lock request runs its deadlock check only after deadlock_timeout,
     * and by then uuidswap has given up, so the application is never the victim.
     */
    public static Duration capped(Duration requested, long deadlockTimeoutMillis) {
        Duration cap = Duration.ofMillis(Math.max(10, deadlockTimeoutMillis / 2));
        return requested.compareTo(cap) > 0 ? cap : requested;
    }

    /** The time each attempt may take: the requested one, capped below the server's deadlock_timeout. */
    public Duration effectiveTimeout() {
        if (timeout == null) {
            long deadlock = db.inTransaction(s -> s.getMapper(SessionMapper.class).deadlockTimeoutMillis());
            timeout = capped(requested, deadlock);
            if (!timeout.equals(requested)) {
                log.info("lock timeout {} ms capped to {} ms: half the server's deadlock_timeout ({} ms), so an"
                        + " application waiting on uuidswap is never a deadlock victim", requested.toMillis(),
                        timeout.toMillis(), deadlock);
            }
        }
        return timeout;
    }

    public int attempts() {
        return attempts;
    }

    /** The lock timeout as asked for, uncapped: for waits that queue no application behind them. */
    public Duration requested() {
        return requested;
    }

    /** {@code tables} (qualified names) are only for naming the holders of locks. */
    public <T> Outcome<T> run(String what, List<String> tables, Work<T> work) {
        Duration limit = effectiveTimeout();
        double longest = 0;
        String lastWhy = null;
        for (int attempt = 1; ; attempt++) {
            Connection used = null;
            boolean fired = false;
            try (SqlSession s = db.openSession(TransactionIsolationLevel.READ_COMMITTED)) {
                used = s.getConnection();
                long[] lockedAt = {0};
                long t0 = System.nanoTime();
                Deadline deadline = Deadline.arm(s, limit);
                try {
                    s.getMapper(SessionMapper.class).lockTimeout(limit.toMillis());
                    T value = work.run(s, () -> lockedAt[0] = System.nanoTime());
                    if (!deadline.disarm()) {
                        throw new NotYet("the attempt ran past its " + limit.toMillis() + " ms");
                    }
                    s.commit(true);
                    long end = System.nanoTime();
                    longest = Math.max(longest, (end - t0) / 1e6);
                    return new Outcome<>(value, attempt, lockedAt[0] == 0 ? 0 : (end - lockedAt[0]) / 1e6, longest);
                } catch (RuntimeException e) {
                    fired = !deadline.disarm();
                    s.rollback(true);
                    longest = Math.max(longest, (System.nanoTime() - t0) / 1e6);
                    if (!(e instanceof NotYet) && !SqlStates.is(e, SqlStates.LOCK_NOT_AVAILABLE)
                            && !SqlStates.is(e, SqlStates.DEADLOCK) && !(fired && SqlStates.is(e, SqlStates.QUERY_CANCELED))) {
                        throw e;
                    }
                    lastWhy = e instanceof NotYet ? e.getMessage() : null;
                }
            } finally {
                if (fired && used != null) {
                    db.evict(used); // the cancel may still be on its way to this connection
                }
            }
            if (attempt >= attempts) {
                throw new UuidswapException(ExitCode.LOCKS_NOT_ACQUIRED, what + ": not done in " + attempts
                        + " attempt(s) of at most " + limit.toMillis() + " ms; nothing was changed; "
                        + (lastWhy != null ? lastWhy : "holders: " + holders(tables).orElse("none found (the lock was released meanwhile)")));
            }
            long pause = backoffMillis(attempt);
            log.info("{}: attempt {}/{} gave up ({}), retrying in {} ms", what, attempt, attempts,
                    lastWhy != null ? lastWhy : "locks not granted in time", pause);
            sleep(pause);
        }
    }

    /**
     * A transaction on a second session while an attempt holds its locks (the swap's last catch-up,
     * which must be committed before the attempt's exclusive locks are asked for), cancelled when
     * {@code budget} (what is left of the attempt) has passed: then the attempt is retried like one
     * that did not get its locks.
     */
    public <T> T beside(TransactionIsolationLevel level, Duration budget, String what, Function<SqlSession, T> work) {
        if (budget.isNegative() || budget.isZero()) {
            throw new NotYet(what + " had no time left in the attempt");
        }
        Connection used = null;
        boolean fired = false;
        try (SqlSession s = db.openSession(level)) {
            used = s.getConnection();
            Deadline deadline = Deadline.arm(s, budget);
            try {
                T value = work.apply(s);
                if (!deadline.disarm()) {
                    throw new NotYet(what + " ran past the attempt's time");
                }
                s.commit(true);
                return value;
            } catch (RuntimeException e) {
                fired = !deadline.disarm();
                s.rollback(true);
                if (fired && SqlStates.is(e, SqlStates.QUERY_CANCELED)) {
                    throw new NotYet(what + " did not end within the attempt's time");
                }
                throw e;
            }
        } finally {
            if (fired && used != null) {
                db.evict(used);
            }
        }
    }

    /** The sessions holding locks on {@code tables}, one clause each; empty when there are none. */
    public Optional<String> holders(List<String> tables) {
        List<String> h = db.inTransaction(s -> s.getMapper(SessionMapper.class).lockHolders(tables)).stream()
                .map(SessionMapper.Holder::describe).distinct().toList();
        return h.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", h));
    }

    /** DDL steps in one locked transaction. */
    public Outcome<Void> runSteps(String what, List<String> tables, List<DdlStep> steps) {
        return run(what, tables, (s, locked) -> {
            steps.forEach(st -> st.run(s));
            locked.run();
            return null;
        });
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UuidswapException(ExitCode.INTERNAL, "interrupted");
        }
    }
}
