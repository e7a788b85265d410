package dev.uuidswap.copy;

import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.db.Database;
import dev.uuidswap.db.SqlStates;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.model.UuidswapException;
import dev.uuidswap.shadow.ShadowBuilder;
import java.util.List;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.TransactionIsolationLevel;

/**
 * Applies the change log to a target table by keyed re-sync (spec §5): delete the logged keys
 * from the target, insert the source's current rows for them, delete exactly the entries read.
 * Idempotent and independent of order, so it converges whatever happened in between.
 */
public final class CatchUp {
    private final Database db;
    private final Pacer pacer;

    public CatchUp(Database db, Pacer pacer) {
        this.db = db;
        this.pacer = pacer;
    }

    /** Source → target of one table's change log: before the swap live → shadow. */
    public record Direction(TableRef source, TableRef target, TableRef log) {
        public static Direction forward(SetTable t) {
            return new Direction(t.ref(), ShadowBuilder.shadowOf(t.ref()), ShadowBuilder.logOf(t.ref()));
        }
    }

    public long backlog(MigrationSet set) {
        return db.inTransaction(s -> set.tables().stream()
                .mapToLong(t -> s.getMapper(CopyMapper.class).backlog(ShadowBuilder.logOf(t.ref()))).sum());
    }

    /**
     * Re-syncs every table until the whole backlog is at most {@code small} entries (0: empty as
     * seen by the last batch). Returns the entries applied.
     */
    public long untilSmall(MigrationSet set, int batch, long small) {
        long applied = 0;
        for (int round = 0; round < 1000; round++) {
            long n = 0;
            for (SetTable t : set.tables()) {
                n += drainTable(t, batch, Long.MAX_VALUE);
            }
            applied += n;
            if (n == 0 || backlog(set) <= small) {
                return applied;
            }
        }
        return applied;
    }

    /** One batch per table of everything logged so far, however large: the set-based pass before the indexes exist. */
    public long onePass(MigrationSet set) {
        long n = 0;
        for (SetTable t : set.tables()) {
            n += drainTable(t, Integer.MAX_VALUE, 1);
        }
        return n;
    }

    /** Applies up to {@code maxBatches} batches of one table's log; returns the entries applied. */
    public long drainTable(SetTable t, int batch, long maxBatches) {
        long total = 0;
        for (long b = 0; b < maxBatches; b++) {
            pacer.awaitGo();
            long n = db.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, s -> applyBatch(s, t, batch));
            total += n;
            if (n == 0) {
                break;
            }
        }
        return total;
    }

    /**
     * One batch in the caller's transaction. Under REPEATABLE READ all statements share a snapshot,
     * so an entry committed meanwhile is neither applied nor deleted (pg-osc #48/#58: delete
     * exactly what was read). The swap calls this inside its lock to drain the last entries.
     */
    public static long applyBatch(SqlSession s, SetTable t, int batch) {
        Direction d = Direction.forward(t);
        CopyMapper m = s.getMapper(CopyMapper.class);
        Long upper = m.batchUpper(d.log(), batch);
        if (upper == null) {
            return 0;
        }
        Long trunc = m.firstTruncate(d.log(), upper);
        if (trunc != null) {
            // Everything before a TRUNCATE is moot: empty the target, drop the entries up to it.
            m.truncate(d.target());
            return m.logDelete(d.log(), trunc);
        }
        try {
            m.resyncDelete(d.target(), d.log(), ShadowBuilder.logKey(t), upper);
            m.resyncInsert(d.target(), d.source(), d.log(), CopyColumn.of(t), ShadowBuilder.logKey(t),
                    CopyColumn.needsOverriding(t), upper);
        } catch (RuntimeException e) {
            if (SqlStates.is(e, SqlStates.INVALID_TEXT_REPRESENTATION)) {
                throw new UuidswapException(ExitCode.BLOCKED, t.ref().display()
                        + ": a row written after prepare holds a value that is not a UUID; fix it, then run copy again", e);
            }
            if (SqlStates.is(e, SqlStates.UNIQUE_VIOLATION)) {
                throw new UuidswapException(ExitCode.INTERNAL, t.ref().display()
                        + ": re-sync hit a unique conflict (" + SqlStates.sqlException(e).getMessage().lines().findFirst().orElse("")
                        + "); never ignored silently", e);
            }
            throw e;
        }
        return m.logDelete(d.log(), upper);
    }

    /** Applies every remaining entry of every table inside the caller's transaction (the swap's drain). */
    public static long drainAll(SqlSession s, List<SetTable> tables, int batch) {
        long total = 0;
        for (SetTable t : tables) {
            long n;
            do {
                n = applyBatch(s, t, batch);
                total += n;
            } while (n > 0);
        }
        return total;
    }
}
