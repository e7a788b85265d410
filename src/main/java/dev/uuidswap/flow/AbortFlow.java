package dev.uuidswap.flow;

import dev.uuidswap.db.Database;
import dev.uuidswap.db.LockRetry;
import dev.uuidswap.model.Phase;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.shadow.ShadowBuilder;
import dev.uuidswap.shadow.ShadowDdl;
import dev.uuidswap.state.MigrationState;
import dev.uuidswap.state.MigrationState.TableState;
import dev.uuidswap.state.StateMapper;
import dev.uuidswap.state.StateStore;
import dev.uuidswap.swap.SwapScript;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * abort, before the swap only: capture triggers off the live tables (under the lock timeout), then
 * shadows, change logs, functions (the reverse ones a swap-back left too) and the state, so the
 * catalog is as it was before prepare (pg_repack #439: a trigger left behind after a failed run).
 * It works from the tables the state recorded, so it is the way out also when they have changed.
 */
public final class AbortFlow {
    private final Database db;
    private final Opener opener;
    private final LockRetry locks;

    public AbortFlow(Database db, StateStore state, Opener opener, LockRetry locks) {
        this.db = db;
        this.opener = opener;
        this.locks = locks;
    }

    public record Result(String migration, List<String> dropped) {
    }

    public Result run(TableRef parent) {
        db.requireWritable("abort");
        MigrationState st = opener.open(parent, "abort", EnumSet.of(Phase.PREPARED, Phase.COPIED), Opener.none()).state();
        List<String> dropped = new ArrayList<>();
        for (TableState t : st.tables()) {
            locks.runSteps("drop capture triggers on " + t.table().display(), List.of(t.table().toString()),
                    ShadowBuilder.dropCaptureTriggers(t.table()));
            dropped.add("triggers on " + t.table().display());
        }
        db.inTransaction(s -> {
            for (TableState t : st.tables()) {
                ShadowBuilder.teardown(t.table(), t.converted()).forEach(x -> x.run(s));
                SwapScript.dropReverseFunction(t.table()).run(s);
                dropped.add(ShadowBuilder.shadowOf(t.table()).display());
            }
            StateMapper m = s.getMapper(StateMapper.class);
            m.lockMigrations();
            m.deleteMigration(st.id());
            if (m.migrationCount() == 0) {
                m.dropStateTables();
                if (m.schemaEmpty()) {
                    ShadowDdl.dropSchemaIfEmpty().run(s);
                    dropped.add("schema uuidswap");
                }
            } else {
                m.event(st.id(), "abort", "dropped " + dropped);
            }
            return null;
        });
        return new Result(st.id(), dropped);
    }
}
