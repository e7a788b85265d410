package dev.uuidswap.copy;

import dev.uuidswap.catalog.DataChecker;
import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.catalog.Spellings;
import dev.uuidswap.db.Database;
import dev.uuidswap.db.SqlStates;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.KeyColumn;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.model.UuidswapException;
import dev.uuidswap.shadow.ShadowBuilder;
import dev.uuidswap.state.StateMapper;
import java.util.List;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.TransactionIsolationLevel;
import org.postgresql.util.PSQLException;

/**
 * Applies the change log to the shadows by keyed re-sync: delete the logged keys from the shadow,
 * insert the live table's current rows for them, delete exactly the entries read. Idempotent and
 * independent of order, so it converges whatever happened in between.
 *
 * <p>A batch that splits related changes can meet a unique conflict that the live table never had
 * (o1 → tmp, o2 → o1, tmp → o2 in three transactions, the batch ending after the first): the
 * batch is then widened to every entry logged so far, read in one snapshot, which is the live
 * table's state for all of them at once. A conflict that survives that is real and named.
 */
public final class CatchUp {
    private final Database db;
    private final Pacer pacer;
    private final String migration;

    public CatchUp(Database db, Pacer pacer, String migration) {
        this.db = db;
        this.pacer = pacer;
        this.migration = migration;
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
                n += drainTable(set, t, batch, Long.MAX_VALUE);
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
            n += drainTable(set, t, null, 1);
        }
        return n;
    }

    /** Applies up to {@code maxBatches} batches of one table's log ({@code batch} null: all of it at once). */
    public long drainTable(MigrationSet set, SetTable t, Integer batch, long maxBatches) {
        List<Spellings.Map> maps = Spellings.ownedBy(set, t.ref());
        long total = 0;
        for (long b = 0; b < maxBatches; b++) {
            pacer.awaitGo();
            long n;
            try {
                n = db.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, s -> applyBatch(s, migration, t, maps, batch));
            } catch (RuntimeException e) {
                if (batch == null || !SqlStates.is(e, SqlStates.UNIQUE_VIOLATION)) {
                    throw e;
                }
                n = db.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, s -> applyBatch(s, migration, t, maps, null));
            }
            total += n;
            // A short batch reached the end of what its snapshot saw: stop there, or a writer that
            // logs one entry per batch keeps this loop going for ever.
            if (n == 0 || batch != null && n < batch) {
                break;
            }
        }
        return total;
    }

    /**
     * One batch in the caller's transaction. Under REPEATABLE READ all statements share a snapshot,
     * so an entry committed meanwhile is neither applied nor deleted (pg-osc #48/#58: delete
     * exactly what was read). The swap calls this inside its lock, with no limit, to drain the last
     * entries in one snapshot-consistent batch.
     */
    public static long applyBatch(SqlSession s, String migration, SetTable t, List<Spellings.Map> maps, Integer limit) {
        TableRef log = ShadowBuilder.logOf(t.ref());
        TableRef shadow = ShadowBuilder.shadowOf(t.ref());
        CopyMapper m = s.getMapper(CopyMapper.class);
        Long upper = m.batchUpper(log, limit);
        if (upper == null) {
            return 0;
        }
        Long trunc = m.firstTruncate(log, upper);
        if (trunc != null) {
            // Everything before a TRUNCATE is moot: empty the target, drop the entries up to it.
            m.truncate(shadow);
            maps.forEach(x -> m.truncate(x.table()));
            s.getMapper(StateMapper.class).dataWritten(migration);
            return m.logDelete(log, trunc);
        }
        try {
            List<KeyColumn> key = ShadowBuilder.logKey(t);
            for (Spellings.Map x : maps) {
                m.spellForget(x.table(), shadow, log, key, x.column().column(), upper, DataChecker.UUID_PATTERN);
            }
            m.resyncDelete(shadow, log, key, upper, DataChecker.UUID_PATTERN);
            m.resyncInsert(shadow, t.ref(), log, CopyColumn.of(t), key, CopyColumn.needsOverriding(t), upper);
            for (Spellings.Map x : maps) {
                m.spellLearn(x.table(), t.ref(), log, key, x.column().column(), upper);
            }
        } catch (RuntimeException e) {
            throw explain(s, t, upper, limit, e);
        }
        s.getMapper(StateMapper.class).dataWritten(migration);
        return m.logDelete(log, upper);
    }

    private static RuntimeException explain(SqlSession s, SetTable t, long upper, Integer limit, RuntimeException e) {
        if (SqlStates.is(e, SqlStates.INVALID_TEXT_REPRESENTATION)) {
            List<String> rows;
            try {
                s.rollback(true);
                rows = s.getMapper(CopyMapper.class).invalidRows(t.ref(), ShadowBuilder.logOf(t.ref()), CopyColumn.of(t),
                        ShadowBuilder.logKey(t), upper, DataChecker.UUID_PATTERN);
            } catch (RuntimeException again) {
                rows = List.of();
            }
            return new UuidswapException(ExitCode.BLOCKED, t.ref().display() + ": a row written after prepare holds a value"
                    + " that is not a UUID" + (rows.isEmpty() ? "" : " (key: column = value) " + rows)
                    + "; fix or delete it, then run the command again", e);
        }
        if (SqlStates.is(e, SqlStates.UNIQUE_VIOLATION) && limit == null) {
            return new UuidswapException(ExitCode.BLOCKED, t.ref().display() + ": two rows become one key once converted ("
                    + detail(e) + "): a spelling of a key that already exists was written after prepare; fix it, then run"
                    + " the command again", e);
        }
        return e;
    }

    /** The server's detail line ("Key (id)=(…) already exists."), which names the values. */
    private static String detail(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof PSQLException p && p.getServerErrorMessage() != null && p.getServerErrorMessage().getDetail() != null) {
                return p.getServerErrorMessage().getDetail();
            }
        }
        return SqlStates.firstLine(e);
    }

    /** Applies every remaining entry of the given tables inside the caller's transaction (the swap's drain). */
    public static long drainAll(SqlSession s, String migration, MigrationSet set, List<SetTable> tables) {
        long total = 0;
        for (SetTable t : tables) {
            List<Spellings.Map> maps = Spellings.ownedBy(set, t.ref());
            long n;
            do { // a TRUNCATE in the log ends a batch: what follows it is the next one
                n = applyBatch(s, migration, t, maps, null);
                total += n;
            } while (n > 0);
        }
        return total;
    }
}
