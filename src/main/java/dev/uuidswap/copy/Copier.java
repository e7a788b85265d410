package dev.uuidswap.copy;

import dev.uuidswap.catalog.DataChecker;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.catalog.Spellings;
import dev.uuidswap.db.Database;
import dev.uuidswap.db.SqlStates;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.Literal;
import dev.uuidswap.model.UuidswapException;
import dev.uuidswap.shadow.ShadowBuilder;
import dev.uuidswap.state.StateMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.TransactionIsolationLevel;

/**
 * The bulk copy of one table, inside PostgreSQL: one exported snapshot (taken after the capture
 * triggers exist, as pg_repack does), read in ranges of heap blocks by TID range scans into a
 * shadow without indexes, one commit per range, {@code jobs} ranges at a time. A table cut short
 * restarts from empty, so per-range progress is for the eye only.
 */
public final class Copier {
    /** A table's size in blocks and its file (a rewrite gives it a new one). */
    public record Table(long blocks, long file) {
    }

    /** Rows per heap block assumed where the table was never analysed (about 130-byte rows). */
    static final long GUESSED_ROWS_PER_BLOCK = 50;

    private final Database db;
    private final int jobs;
    private final int batchSize;
    private final Pacer pacer;

    public Copier(Database db, int jobs, int batchSize, Pacer pacer) {
        this.db = db;
        this.jobs = jobs;
        this.batchSize = batchSize;
        this.pacer = pacer;
    }

    /** Copies the table into its (empty) shadow; returns the rows copied. */
    public long copy(String migration, SetTable t, List<Spellings.Map> maps, Progress progress) {
        List<CopyColumn> cols = CopyColumn.of(t);
        boolean overriding = CopyColumn.needsOverriding(t);
        try (SqlSession holder = db.openSession(TransactionIsolationLevel.REPEATABLE_READ)) {
            CopyMapper hm = holder.getMapper(CopyMapper.class);
            Literal snapshot = new Literal(hm.exportSnapshot());
            // Read outside the snapshot's transaction, which must not keep a lock on the live table
            // for the whole copy: a DDL would queue behind it, and the application behind the DDL.
            // After the export, so every row the snapshot sees lies below it.
            Table before = db.inTransaction(s -> s.getMapper(CopyMapper.class).table(t.ref().toString()));
            long blocks = before.blocks();
            long pages = Math.max(1, t.info().heapBytes() / 8192);
            long rowsPerBlock = t.info().estRows() > 0 ? Math.max(1, t.info().estRows() / pages) : GUESSED_ROWS_PER_BLOCK;
            long step = Math.max(1, batchSize / rowsPerBlock);
            progress.total(blocks * rowsPerBlock);
            List<long[]> ranges = new ArrayList<>();
            for (long b = 0; b < blocks; b += step) {
                ranges.add(new long[] {b, Math.min(blocks, b + step)});
            }
            AtomicLong blocksDone = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(jobs, Math.max(1, ranges.size()))));
            try {
                List<Future<Integer>> done = new ArrayList<>();
                for (long[] r : ranges) {
                    done.add(pool.submit(() -> {
                        pacer.awaitGo();
                        int n;
                        try {
                            n = db.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, s -> {
                                CopyMapper m = s.getMapper(CopyMapper.class);
                                m.useSnapshot(snapshot);
                                int rows = m.copyChunk(ShadowBuilder.shadowOf(t.ref()), t.ref(), cols, overriding, r[0], r[1]);
                                maps.forEach(x -> m.spellChunk(x.table(), t.ref(), x.column().column(), r[0], r[1]));
                                return rows;
                            });
                        } catch (RuntimeException e) {
                            throw SqlStates.is(e, SqlStates.INVALID_TEXT_REPRESENTATION) ? notAUuid(t, cols, r, e) : e;
                        }
                        // Not inside the chunk: its snapshot is older than the previous chunk's progress
                        // update, and REPEATABLE READ would refuse to update that row (40001). This
                        // transaction is newer than the chunk, so it stands for the chunk's writes too.
                        db.inTransaction(s -> {
                            StateMapper sm = s.getMapper(StateMapper.class);
                            sm.addRowsCopied(migration, t.ref().schema().name(), t.ref().table().name(), n);
                            sm.dataWritten(migration);
                            return null;
                        });
                        long b = blocksDone.addAndGet(r[1] - r[0]);
                        progress.add(n);
                        progress.total(Math.round((double) progress.done() / b * blocks));
                        pacer.done(n);
                        return n;
                    }));
                }
                long total = 0;
                for (Future<Integer> f : done) {
                    total += f.get();
                }
                holder.commit(true);
                Table after = db.inTransaction(s -> s.getMapper(CopyMapper.class).table(t.ref().toString()));
                if (after.file() != before.file()) {
                    throw new UuidswapException(ExitCode.BLOCKED, t.ref().display() + " was rewritten while it was"
                            + " copied (VACUUM FULL, CLUSTER or an ALTER TABLE): its rows moved under the copy; run copy"
                            + " again, it starts this table from empty");
                }
                return total;
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException re) {
                    throw re;
                }
                throw new UuidswapException(ExitCode.INTERNAL, "copy of " + t.ref().display() + " failed: " + c, c);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UuidswapException(ExitCode.INTERNAL, "copy interrupted");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * A value the plan did not read (its validated foreign key vouched for it) and that is not a
     * UUID: written with the key bypassed. Named by key, as a blocker, not as an internal error.
     */
    private UuidswapException notAUuid(SetTable t, List<CopyColumn> cols, long[] range, RuntimeException e) {
        List<String> rows;
        try {
            rows = db.inTransaction(s -> s.getMapper(CopyMapper.class).invalidRowsInBlocks(t.ref(), cols,
                    ShadowBuilder.logKey(t), range[0], range[1], DataChecker.UUID_PATTERN));
        } catch (RuntimeException again) {
            rows = List.of();
        }
        return new UuidswapException(ExitCode.BLOCKED, t.ref().display() + ": a row holds a value that is not a UUID"
                + (rows.isEmpty() ? "" : " (key: column = value) " + rows) + "; the checks trusted the column's validated"
                + " foreign key, which a write with triggers off (session_replication_role = replica, a restore with"
                + " triggers disabled) bypasses; fix or delete the row, then run copy again", e);
    }
}
