package dev.uuidswap.flow;

import dev.uuidswap.catalog.CatalogMapper;
import dev.uuidswap.catalog.DataChecker;
import dev.uuidswap.catalog.Inspector;
import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.catalog.Spellings;
import dev.uuidswap.copy.CatchUp;
import dev.uuidswap.copy.Copier;
import dev.uuidswap.copy.CopyMapper;
import dev.uuidswap.copy.Pacer;
import dev.uuidswap.copy.Progress;
import dev.uuidswap.db.Database;
import dev.uuidswap.db.DdlStep;
import dev.uuidswap.db.SqlStates;
import dev.uuidswap.model.CopyState;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.Phase;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.model.UuidswapException;
import dev.uuidswap.shadow.ShadowBuilder;
import dev.uuidswap.state.MigrationState;
import dev.uuidswap.state.MigrationState.TableState;
import dev.uuidswap.state.StateMapper;
import dev.uuidswap.state.StateStore;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * copy: bulk copy of each table not yet copied (a table caught half-way by a crash restarts from
 * empty), one set-based catch-up, then the indexes and keys, ANALYZE, and catch-up until the
 * backlog is small. Run again later, it only catches up. Refuses (exit 3) when the live tables
 * changed since prepare, before and after the copy.
 */
public final class CopyFlow {
    private final Database db;
    private final StateStore state;
    private final Opener opener;
    private final Function<String, Copier> copier;
    private final Function<String, CatchUp> catchUp;
    private final Pacer pacer;
    private final int batch;
    private final BiFunction<String, Long, Progress> progress;

    public CopyFlow(Database db, StateStore state, Opener opener, Function<String, Copier> copier, Function<String, CatchUp> catchUp,
            Pacer pacer, int batch, BiFunction<String, Long, Progress> progress) {
        this.db = db;
        this.state = state;
        this.opener = opener;
        this.copier = copier;
        this.catchUp = catchUp;
        this.pacer = pacer;
        this.batch = batch;
        this.progress = progress;
    }

    public record TableCopy(String table, long rows, double seconds) {
    }

    public record Result(String migration, boolean bulkCopied, List<TableCopy> tables, double bulkSeconds,
            double indexSeconds, long caughtUp, long backlog) {
        public long rows() {
            return tables.stream().mapToLong(TableCopy::rows).sum();
        }
    }

    public Result run(TableRef parent) {
        db.requireWritable("copy");
        var opened = opener.open(parent, "copy", EnumSet.of(Phase.PREPARED, Phase.COPIED),
                EnumSet.of(Opener.Check.UNCHANGED, Opener.Check.CAPTURING));
        MigrationState st = opened.state();
        MigrationSet set = opened.set();
        CatchUp sync = catchUp.apply(st.id());
        List<TableCopy> copies = new ArrayList<>();
        double bulkSecs = 0;
        double indexSecs = 0;
        boolean bulk = st.phase() == Phase.PREPARED;
        if (bulk) {
            long t0 = System.nanoTime();
            Copier c = copier.apply(st.id());
            for (TableState ts : st.tables()) {
                if (ts.copyState() == CopyState.PENDING || ts.copyState() == CopyState.COPYING) {
                    copies.add(copyTable(st, set, set.table(ts.table()), ts, c));
                }
            }
            // One set-based pass while the shadows have no indexes (cheapest now); whatever the
            // application writes meanwhile is applied by the indexed catch-up below. Not a loop
            // until empty: against a busy writer that would rescan unindexed shadows again and again.
            long pre = sync.onePass(set);
            bulkSecs = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            ShadowBuilder builder = new ShadowBuilder(st.fkIndexes(), st.tablespace());
            for (TableState ts : st.tables()) {
                if (ts.copyState() != CopyState.INDEXED) {
                    buildIndexes(st.id(), set, set.table(ts.table()), builder);
                }
            }
            indexSecs = (System.nanoTime() - t1) / 1e9;
            // A DDL while the copy ran: the copy wrote the columns it read at the start.
            List<String> drift = opener.drift(st, set);
            if (!drift.isEmpty()) {
                throw new UuidswapException(ExitCode.BLOCKED,
                        "copy: " + Opener.describe(st, drift));
            }
            db.inTransaction(s -> {
                StateMapper m = s.getMapper(StateMapper.class);
                m.setPhase(st.id(), Phase.COPIED.name());
                m.copyFinished(st.id());
                m.event(st.id(), "copy", "bulk copy, indexes and keys done; " + pre + " log entries applied before indexing");
                return null;
            });
        }
        long applied = sync.untilSmall(set, batch, Math.max(100, batch / 10));
        long backlog = sync.backlog(set);
        state.event(st.id(), "copy", "caught up: " + applied + " log entries applied, backlog " + backlog);
        return new Result(st.id(), bulk, copies, bulkSecs, indexSecs, applied, backlog);
    }

    private TableCopy copyTable(MigrationState st, MigrationSet set, SetTable t, TableState ts, Copier c) {
        TableRef shadow = ShadowBuilder.shadowOf(t.ref());
        List<Spellings.Map> maps = Spellings.ownedBy(set, t.ref());
        db.inTransaction(s -> {
            if (ts.copyState() == CopyState.COPYING) {
                // The snapshot of the interrupted copy is gone: start this table again from empty.
                s.getMapper(CopyMapper.class).truncate(shadow);
                maps.forEach(x -> s.getMapper(CopyMapper.class).truncate(x.table()));
                s.getMapper(StateMapper.class).event(st.id(), "copy", "restarting " + t.ref().display() + " from empty");
            }
            s.getMapper(StateMapper.class).copyState(st.id(), t.ref().schema().name(), t.ref().table().name(),
                    CopyState.COPYING.stored(), 0);
            return null;
        });
        Progress p = progress.apply("copy " + t.ref().display(), t.info().estRows());
        long t0 = System.nanoTime();
        long rows = c.copy(st.id(), t, maps, p);
        p.finish();
        double secs = (System.nanoTime() - t0) / 1e9;
        db.inTransaction(s -> {
            s.getMapper(StateMapper.class).copyState(st.id(), t.ref().schema().name(), t.ref().table().name(),
                    CopyState.COPIED.stored(), rows);
            s.getMapper(StateMapper.class).event(st.id(), "copy", t.ref().display() + ": " + rows + " rows in "
                    + String.format(Locale.ROOT, "%.2f s", secs));
            return null;
        });
        return new TableCopy(t.ref().display(), rows, secs);
    }

    /**
     * A unique index of a shadow that cannot be built: two rows of the live table hold one key
     * written differently, which a validated foreign key trusted by the checks should have made
     * impossible (a write with it bypassed). Named, as a blocker; the next copy drops the index
     * and builds it again.
     */
    private UuidswapException collision(SetTable t, RuntimeException e) {
        List<String> rows;
        try {
            rows = db.inTransaction(s -> new DataChecker(s, false).collisionsIn(t)).stream()
                    .map(f -> f.object() + ": " + String.join(" | ", f.examples())).toList();
        } catch (RuntimeException again) {
            rows = List.of();
        }
        return new UuidswapException(ExitCode.BLOCKED, t.ref().display() + ": rows hold one key written differently,"
                + " which collide as uuid in a unique index" + (rows.isEmpty() ? "" : " (" + String.join("; ", rows) + ")")
                + "; the checks trusted the column's validated foreign key, which a write with triggers off"
                + " (session_replication_role = replica, a restore with triggers disabled) bypasses; fix or delete the rows,"
                + " then run copy again (plan --recheck-foreign-keys finds such rows)", e);
    }

    /**
     * Indexes and keys of one shadow, each build after the pacer allows it (an index build writes
     * as much WAL as the table); an attempt cut short by a crash is dropped and redone. {@code
     * builder} follows what prepare recorded for --no-fk-indexes, whatever this command line says.
     */
    private void buildIndexes(String id, MigrationSet set, SetTable t, ShadowBuilder builder) {
        TableRef shadow = ShadowBuilder.shadowOf(t.ref());
        db.inTransaction(s -> {
            ShadowBuilder.dropIndexes(new Inspector(s.getMapper(CatalogMapper.class)).table(shadow)).forEach(x -> x.run(s));
            return null;
        });
        for (DdlStep step : builder.indexes(t, set)) {
            pacer.awaitGo();
            try {
                db.inTransaction(s -> {
                    step.run(s);
                    return null;
                });
            } catch (RuntimeException e) {
                throw SqlStates.is(e, SqlStates.UNIQUE_VIOLATION) ? collision(t, e) : e;
            }
        }
        db.inTransaction(s -> {
            s.getMapper(StateMapper.class).copyState(id, t.ref().schema().name(), t.ref().table().name(),
                    CopyState.INDEXED.stored(), -1);
            return null;
        });
    }
}
