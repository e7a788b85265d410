package dev.uuidswap.swap;

import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.copy.CatchUp;
import dev.uuidswap.db.DdlStep;
import dev.uuidswap.db.LockRetry;
import dev.uuidswap.db.SessionMapper;
import dev.uuidswap.db.SqlStates;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.model.UuidswapException;
import dev.uuidswap.state.MigrationState;
import dev.uuidswap.state.StateMapper;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.TransactionIsolationLevel;

/**
 * How a forward swap reaches its exclusive locks with the new tables complete for every snapshot.
 *
 * <p>PostgreSQL takes a statement's snapshot before the statement waits for its locks. A
 * REPEATABLE READ transaction (pg_dump is one) whose snapshot was taken while the swap ran reads
 * the new tables in that snapshot once the swap has committed: rows the swap wrote into them in
 * its own transaction are missing for it. So the last changes are applied and committed before
 * the exclusive locks. Each round applies and commits the log, waits until no session holds a
 * snapshot older than that, and asks for SHARE locks on the live tables for a moment (writers wait,
 * readers go on); until they are granted. Then the rest of the log is applied on a session of its
 * own and committed; the swap waits (within the attempt) until no transaction older than that
 * commit is left, leaving out the writers it holds (a READ COMMITTED statement takes a new
 * snapshot once it has its lock) but not a session it already waited for that reaches the
 * barrier meanwhile (its snapshot is as old as before); then it asks for the exclusive locks, only while nobody else
 * holds a lock on the set and for a moment at most. Queued for longer with SHARE held, the request
 * would kill an application transaction that read a table and then writes it: PostgreSQL finds
 * that deadlock at once and picks the newcomer.
 *
 * <p>Left: a REPEATABLE READ transaction whose snapshot was taken in the milliseconds between a
 * round's catch-up and the last one, and which then waits at the barrier to write a table of the
 * set, finds no row where it updates or deletes one inserted in those milliseconds (a row changed
 * instead ends in a serialization failure, which such an application retries). An application
 * whose transactions keep reading and then writing the set makes every attempt give way: for it,
 * {@code --queue-for-locks}.
 */
final class WriteBarrier {
    /** How long the barrier waits for transactions in flight to end or reach it. */
    static final Duration SETTLE = Duration.ofMillis(100);
    /** How long one request for the barrier's or the exclusive locks may queue. */
    static final Duration EXCLUSIVE_TRY = Duration.ofMillis(2);
    /** How long a repeated snapshot check waits for statements in flight. */
    static final Duration SHORT = Duration.ofMillis(20);

    private final LockRetry locks;
    private final SqlSession s;
    private final SessionMapper sm;
    private final long attemptStart;
    private final MigrationState st;
    private final MigrationSet set;

    WriteBarrier(LockRetry locks, SqlSession s, long attemptStart, MigrationState st, MigrationSet set) {
        this.locks = locks;
        this.s = s;
        this.sm = s.getMapper(SessionMapper.class);
        this.attemptStart = attemptStart;
        this.st = st;
        this.set = set;
    }

    /** The live tables of the set in lock order: what the barrier locks. */
    static List<TableRef> tables(MigrationSet set) {
        return set.tables().stream().map(SetTable::ref).toList();
    }

    /**
     * Catch-up and snapshot check, then the barrier for a moment at most, again until the barrier
     * is granted: the rows the last catch-up applies were committed after the check's catch-up,
     * and a REPEATABLE READ writer whose snapshot falls between the two and that then waits at the
     * barrier cannot see them in the new tables, so the two stay milliseconds apart. Then the last
     * catch-up, the wait for older transactions, the reverse {@code functions}, the exclusive
     * {@code lock}; calls {@code held} once writers wait. Returns the log entries applied.
     */
    long pass(List<String> watched, DdlStep.Batch functions, DdlStep lock, Runnable held) {
        long drained = 0;
        for (boolean first = true; ; first = false) {
            drained += catchUpAndAwaitSnapshots(first);
            if (share()) {
                break;
            }
            if (left().compareTo(EXCLUSIVE_TRY.multipliedBy(5)) < 0) {
                throw new LockRetry.NotYet("writers kept holding the set's tables: the write barrier was not granted;"
                        + " holders: " + describe(sm.lockHolders(watched)));
            }
            pause();
        }
        held.run();
        drained += catchUp("the last catch-up");
        settled(watched);
        // Only now: the first write gives this transaction an id, and a snapshot taken while it
        // runs has an xmin no newer than that id; made earlier, every such snapshot looks old.
        functions.run(s);
        exclusive(lock, watched);
        return drained;
    }

    /**
     * Applies and commits what was logged so far, then waits until no session holds a snapshot
     * older than the data in the new tables: up to half the attempt the first time (nothing waits
     * on the swap yet, and a report that started before the catch-up may just be ending), a moment
     * after that. A snapshot older than the new tables' data would read them empty or stale.
     */
    long catchUpAndAwaitSnapshots(boolean first) {
        long drained = catchUp("the catch-up before the lock");
        long dataXid = s.getMapper(StateMapper.class).migration(st.id()).dataXid();
        if (dataXid <= 0) {
            return drained;
        }
        long until = System.nanoTime() + (first ? left().toNanos() / 2 : SHORT.toNanos());
        while (true) {
            sm.clearStatsSnapshot();
            var old = sm.snapshotsOlderThan(dataXid);
            if (old.isEmpty()) {
                return drained;
            }
            if (System.nanoTime() > until) {
                throw new LockRetry.NotYet("sessions hold snapshots older than the data in the new tables (before the lock),"
                        + " they would read those tables empty or stale after the swap: " + describe(old));
            }
            pause();
        }
    }

    /** SHARE on the live tables if granted within a moment; false (nothing held) if not. */
    private boolean share() {
        return briefly(SwapDdl.lockShare(tables(set)));
    }

    /**
     * Runs a lock statement that may queue {@link #EXCLUSIVE_TRY} at most, inside a savepoint:
     * false, with whatever it had taken given back (what was held before it kept), if it timed out.
     */
    private boolean briefly(DdlStep lock) {
        Connection c = s.getConnection();
        try {
            Savepoint sp = c.setSavepoint();
            sm.lockTimeout(EXCLUSIVE_TRY.toMillis());
            boolean granted;
            try {
                lock.run(s);
                c.releaseSavepoint(sp);
                granted = true;
            } catch (RuntimeException e) {
                if (!SqlStates.is(e, SqlStates.LOCK_NOT_AVAILABLE)) {
                    throw e;
                }
                c.rollback(sp);
                granted = false;
            }
            sm.lockTimeout(locks.effectiveTimeout().toMillis());
            return granted;
        } catch (SQLException e) {
            throw new UuidswapException(ExitCode.INTERNAL, "savepoint: " + SqlStates.firstLine(e), e);
        }
    }

    private long catchUp(String what) {
        return locks.beside(TransactionIsolationLevel.REPEATABLE_READ, left(), what,
                b -> CatchUp.drainAll(b, st.id(), set, set.tables()));
    }

    private void settled(List<String> tables) {
        String since = sm.serverClock();
        long dataXid = s.getMapper(StateMapper.class).migration(st.id()).dataXid();
        long until = System.nanoTime() + Math.min(SETTLE.toNanos(), left().toNanos() / 2);
        List<Integer> seen = new ArrayList<>();
        while (true) {
            sm.clearStatsSnapshot();
            crossing(tables);
            List<SessionMapper.Holder> old = dataXid <= 0 ? List.of() : sm.snapshotsBeforeBarrier(dataXid, since, tables, seen);
            if (old.isEmpty()) {
                return;
            }
            // Waiting for one does not end when it reaches the barrier: its snapshot is as old.
            old.stream().map(SessionMapper.Holder::pid).filter(p -> p != null && !seen.contains(p)).forEach(seen::add);
            if (System.nanoTime() > until) {
                throw new LockRetry.NotYet("sessions hold snapshots older than the last catch-up (at the write barrier),"
                        + " they would read the new tables without its rows after the swap: " + describe(old));
            }
            pause();
        }
    }

    private void exclusive(DdlStep lock, List<String> tables) {
        while (true) {
            // A failed try gives back the exclusive locks taken so far and keeps the barrier.
            if (sm.otherHolders(tables) == 0 && briefly(lock)) {
                return;
            }
            crossing(tables);
            if (left().compareTo(EXCLUSIVE_TRY.multipliedBy(5)) < 0) {
                throw new LockRetry.NotYet("sessions kept holding locks on the set (the swap does not queue for them"
                        + " behind its write barrier); holders: " + describe(sm.lockHolders(tables)));
            }
            pause();
        }
    }

    /** A session that holds a lock on the set and waits for the barrier: the exclusive lock would deadlock with it. */
    private void crossing(List<String> tables) {
        List<SessionMapper.Holder> cross = sm.waitingWhileHolding(tables);
        if (!cross.isEmpty()) {
            throw new LockRetry.NotYet("sessions wait to write the set while holding a lock on it (if the application's"
                    + " transactions keep reading, then writing these tables, --queue-for-locks swaps without the write"
                    + " barrier): " + describe(cross));
        }
    }

    private Duration left() {
        return locks.effectiveTimeout().minusNanos(System.nanoTime() - attemptStart);
    }

    static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockRetry.NotYet("interrupted");
        }
    }

    private static String describe(List<SessionMapper.Holder> holders) {
        return String.join("; ", holders.stream().map(SessionMapper.Holder::describe).distinct().toList());
    }
}
