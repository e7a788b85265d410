package dev.uuidswap.db;

import dev.uuidswap.catalog.CatalogMapper;
import dev.uuidswap.catalog.Row;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.UuidswapException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a transaction that needs locks on live tables under a short {@code lock_timeout}, rolling
 * back at once and retrying with backoff (pg_repack #408, gh-ost #768: a queued ACCESS EXCLUSIVE
 * request stalls every later reader, so it must never wait long). After the last attempt: exit 5,
 * nothing changed, and the sessions holding locks on the tables named.
 *
 * <p>The timeout per attempt is capped at half the server's deadlock_timeout: an application
 * transaction that holds one table of the set and then waits for one uuidswap has locked closes a
 * cycle, and whichever backend runs its deadlock check first is killed. Capped, every application
 * wait on uuidswap ends (we give up) before its own deadlock check can run, so the victim is never
 * the application.
 */
public final class LockRetry {
    private static final Logger log = LoggerFactory.getLogger(LockRetry.class);

    private final Database db;
    private final Duration requested;
    private final int attempts;
    private Duration lockTimeout;

    public LockRetry(Database db, Duration lockTimeout, int attempts) {
        this.db = db;
        this.requested = lockTimeout;
        this.attempts = attempts;
    }

    /** The timeout each attempt uses: the requested one, capped below the server's deadlock_timeout. */
    public Duration effectiveTimeout() {
        if (lockTimeout == null) {
            long deadlock = db.inTransaction(s -> s.getMapper(CatalogMapper.class).deadlockTimeoutMillis());
            Duration cap = Duration.ofMillis(Math.max(10, deadlock / 2));
            lockTimeout = requested.compareTo(cap) > 0 ? cap : requested;
            if (lockTimeout != requested) {
                log.info("lock timeout {} ms capped to {} ms: half the server's deadlock_timeout ({} ms), so an application"
                        + " waiting on uuidswap is never a deadlock victim", requested.toMillis(), lockTimeout.toMillis(), deadlock);
            }
        }
        return lockTimeout;
    }

    /** What one attempt saw: its number and how long it held the locks (first lock to commit). */
    public record Outcome<T>(T value, int attempt, long holdMicros) {
    }

    /**
     * {@code work} runs inside the transaction after lock_timeout is set; its result is committed.
     * {@code tables} (qualified names) are only for naming the blockers.
     */
    public <T> Outcome<T> run(String what, List<String> tables, Function<SqlSession, T> work) {
        Duration lockTimeout = effectiveTimeout();
        for (int attempt = 1; ; attempt++) {
            try (SqlSession s = db.openSession(TransactionIsolationLevel.READ_COMMITTED)) {
                try {
                    setLockTimeout(s, lockTimeout);
                    long t0 = System.nanoTime();
                    T value = work.apply(s);
                    s.commit(true);
                    return new Outcome<>(value, attempt, (System.nanoTime() - t0) / 1000);
                } catch (RuntimeException e) {
                    s.rollback(true);
                    if (!SqlStates.is(e, SqlStates.LOCK_NOT_AVAILABLE) && !SqlStates.is(e, SqlStates.DEADLOCK)) {
                        throw e;
                    }
                    if (attempt >= attempts) {
                        throw new UuidswapException(ExitCode.LOCKS_NOT_ACQUIRED, what + ": locks not acquired in "
                                + attempts + " attempt(s) of " + lockTimeout.toMillis() + " ms; nothing was changed; "
                                + "holders: " + holders(tables));
                    }
                    long backoff = Math.min(5_000, 100L * (1L << Math.min(attempt, 6)));
                    log.info("{}: lock not available (attempt {}/{}), retrying in {} ms", what, attempt, attempts, backoff);
                    sleep(backoff);
                }
            }
        }
    }

    public static void setLockTimeout(SqlSession s, Duration timeout) {
        DdlStep.of(dev.uuidswap.shadow.ShadowMapper.class, "setLockTimeout", java.util.Map.of("value", timeout.toMillis() + "ms")).run(s);
    }

    public String holders(List<String> tables) {
        List<String> h = db.inTransaction(s -> s.getMapper(CatalogMapper.class).lockHolders(tables)).stream()
                .map(Row::of)
                .map(r -> "pid " + r.lng("pid") + " user " + r.str("user_name") + " app '" + r.str("application_name")
                        + "' " + r.str("mode") + " since " + r.str("query_start") + " (" + r.str("state") + ": " + r.str("query") + ")")
                .distinct().toList();
        return h.isEmpty() ? "none found (the lock was released meanwhile)" : String.join("; ", h);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UuidswapException(ExitCode.INTERNAL, "interrupted");
        }
    }

    /** DDL steps in one locked transaction. */
    public Outcome<Void> runSteps(String what, List<String> tables, List<DdlStep> steps) {
        return run(what, tables, s -> {
            steps.forEach(st -> st.run(s));
            return null;
        });
    }
}
