package dev.uuidswap.flow;

import dev.uuidswap.catalog.CatalogMapper;
import dev.uuidswap.catalog.Inspector;
import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.catalog.Model.Index;
import dev.uuidswap.copy.CatchUp;
import dev.uuidswap.copy.Copier;
import dev.uuidswap.copy.CopyMapper;
import dev.uuidswap.copy.Progress;
import dev.uuidswap.db.Database;
import dev.uuidswap.db.DdlStep;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.Phase;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.model.UuidswapException;
import dev.uuidswap.shadow.ShadowBuilder;
import dev.uuidswap.shadow.ShadowMapper;
import dev.uuidswap.state.MigrationState;
import dev.uuidswap.state.MigrationState.TableState;
import dev.uuidswap.state.StateMapper;
import dev.uuidswap.state.StateStore;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * copy: bulk copy of each table not yet copied (a table caught half-way by a crash restarts from
 * empty), one set-based catch-up, then the indexes and keys, ANALYZE, and catch-up until the
 * backlog is small. Run again later, it only catches up.
 */
public final class CopyFlow {
    static final String PENDING = "pending";
    static final String COPYING = "copying";
    static final String COPIED = "copied";
    static final String INDEXED = "indexed";

    private final Database db;
    private final StateStore state;
    private final SetLoader loader;
    private final Copier copier;
    private final CatchUp catchUp;
    private final int batch;
    private final BiFunction<String, Long, Progress> progress;

    public CopyFlow(Database db, StateStore state, Copier copier, CatchUp catchUp, int batch,
            BiFunction<String, Long, Progress> progressFor) {
        this.db = db;
        this.state = state;
        this.loader = new SetLoader(db, state);
        this.copier = copier;
        this.catchUp = catchUp;
        this.batch = batch;
        this.progress = progressFor;
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
        MigrationState st = loader.require(parent, EnumSet.of(Phase.PREPARED, Phase.COPIED), "copy");
        state.lock(st.id());
        MigrationSet set = loader.set(st);
        List<TableRef> missing = loader.missingCapture(set);
        if (!missing.isEmpty()) {
            throw new UuidswapException(ExitCode.WRONG_PHASE, "copy: capture triggers are missing on "
                    + missing.stream().map(TableRef::display).toList() + "; run prepare again to finish it");
        }
        List<TableCopy> copies = new ArrayList<>();
        double bulkSecs = 0;
        double indexSecs = 0;
        boolean bulk = st.phase() == Phase.PREPARED;
        if (bulk) {
            long t0 = System.nanoTime();
            for (TableState ts : st.tables()) {
                if (ts.copyState().equals(PENDING) || ts.copyState().equals(COPYING)) {
                    copies.add(copyTable(st, set.table(ts.table()), ts));
                }
            }
            // One set-based pass while the shadows have no indexes (cheapest now); whatever the
            // application writes meanwhile is applied by the indexed catch-up below. Not a loop
            // until empty: against a busy writer that would rescan unindexed shadows again and again.
            long pre = catchUp.onePass(set);
            bulkSecs = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            for (TableState ts : st.tables()) {
                if (!ts.copyState().equals(INDEXED)) {
                    buildIndexes(st.id(), set, set.table(ts.table()), new ShadowBuilder(st.fkIndexes()));
                }
            }
            indexSecs = (System.nanoTime() - t1) / 1e9;
            db.inTransaction(s -> {
                StateMapper m = s.getMapper(StateMapper.class);
                m.setPhase(st.id(), Phase.COPIED.name());
                m.copyFinished(st.id());
                m.event(st.id(), "copy", "bulk copy, indexes and keys done; " + pre + " log entries applied before indexing");
                return null;
            });
        }
        long applied = catchUp.untilSmall(set, batch, Math.max(100, batch / 10));
        long backlog = catchUp.backlog(set);
        state.event(st.id(), "copy", "caught up: " + applied + " log entries applied, backlog " + backlog);
        return new Result(st.id(), bulk, copies, bulkSecs, indexSecs, applied, backlog);
    }

    private TableCopy copyTable(MigrationState st, SetTable t, TableState ts) {
        TableRef shadow = ShadowBuilder.shadowOf(t.ref());
        db.inTransaction(s -> {
            if (ts.copyState().equals(COPYING)) {
                // The snapshot of the interrupted copy is gone: start this table again from empty.
                s.getMapper(CopyMapper.class).truncate(shadow);
                s.getMapper(StateMapper.class).event(st.id(), "copy", "restarting " + t.ref().display() + " from empty");
            }
            s.getMapper(StateMapper.class).copyState(st.id(), t.ref().schema().name(), t.ref().table().name(), COPYING, 0);
            return null;
        });
        Progress p = progress.apply("copy " + t.ref().display(), t.info().estRows());
        long t0 = System.nanoTime();
        long rows = copier.copy(st.id(), t, p::add);
        p.finish();
        double secs = (System.nanoTime() - t0) / 1e9;
        db.inTransaction(s -> {
            s.getMapper(StateMapper.class).copyState(st.id(), t.ref().schema().name(), t.ref().table().name(), COPIED, rows);
            s.getMapper(StateMapper.class).event(st.id(), "copy", t.ref().display() + ": " + rows + " rows in "
                    + String.format(java.util.Locale.ROOT, "%.2f s", secs));
            return null;
        });
        return new TableCopy(t.ref().display(), rows, secs);
    }

    /** Indexes and keys of one shadow; an attempt cut short by a crash is dropped and redone. */
    /** {@code builder} follows what prepare recorded for --no-fk-indexes, whatever this command line says. */
    private void buildIndexes(String id, MigrationSet set, SetTable t, ShadowBuilder builder) {
        TableRef shadow = ShadowBuilder.shadowOf(t.ref());
        db.inTransaction(s -> {
            for (Index ix : new Inspector(s.getMapper(CatalogMapper.class)).table(shadow).indexes()) {
                if (ix.constraintType() != null) {
                    step("dropConstraint", Map.of("table", shadow, "name", ix.constraintName())).run(s);
                } else {
                    step("dropIndex", Map.of("index", shadow.withTable(ix.name()))).run(s);
                }
            }
            for (DdlStep step : builder.indexes(t, set)) {
                step.run(s);
            }
            s.getMapper(StateMapper.class).copyState(id, t.ref().schema().name(), t.ref().table().name(), INDEXED,
                    -1);
            return null;
        });
    }

    private static DdlStep step(String id, Object param) {
        return DdlStep.of(ShadowMapper.class, id, param);
    }
}
