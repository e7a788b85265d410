package dev.uuidswap.flow;

import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.db.Database;
import dev.uuidswap.db.DdlStep;
import dev.uuidswap.db.LockRetry;
import dev.uuidswap.model.Phase;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.shadow.ShadowBuilder;
import dev.uuidswap.shadow.ShadowMapper;
import dev.uuidswap.state.MigrationState;
import dev.uuidswap.state.StateMapper;
import dev.uuidswap.state.StateStore;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * abort, before the swap only: capture triggers off the live tables (under lock_timeout), then
 * shadows, change logs, functions and the state, so the catalog is as it was before prepare
 * (pg_repack #439: a trigger left behind after a failed run).
 */
public final class AbortFlow {
    private final Database db;
    private final StateStore state;
    private final SetLoader loader;
    private final LockRetry locks;

    public AbortFlow(Database db, StateStore state, LockRetry locks) {
        this.db = db;
        this.state = state;
        this.loader = new SetLoader(db, state);
        this.locks = locks;
    }

    public record Result(String migration, List<String> dropped) {
    }

    public Result run(TableRef parent) {
        MigrationState st = loader.require(parent, EnumSet.of(Phase.PREPARED, Phase.COPIED), "abort");
        state.lock(st.id());
        MigrationSet set = loader.set(st);
        List<String> dropped = new ArrayList<>();
        for (SetTable t : set.tables()) {
            locks.runSteps("drop capture triggers on " + t.ref().display(), List.of(t.ref().toString()), List.of(
                    PrepareFlow.dropStep(ShadowBuilder.CAPTURE_TRIGGER, t.ref()),
                    PrepareFlow.dropStep(ShadowBuilder.CAPTURE_TRUNCATE_TRIGGER, t.ref())));
            dropped.add("triggers on " + t.ref().display());
        }
        db.inTransaction(s -> {
            for (SetTable t : set.tables()) {
                step("dropTable", Map.of("table", ShadowBuilder.shadowOf(t.ref()))).run(s);
                step("dropTable", Map.of("table", ShadowBuilder.logOf(t.ref()))).run(s);
                step("dropFunction", Map.of("function", ShadowBuilder.captureFunctionOf(t.ref()))).run(s);
                dropped.add(ShadowBuilder.shadowOf(t.ref()).display());
            }
            StateMapper m = s.getMapper(StateMapper.class);
            m.deleteMigration(st.id());
            if (m.migrationCount() == 0) {
                m.dropStateTables();
                if (m.schemaEmpty()) {
                    step("dropSchemaIfEmpty", Map.of()).run(s);
                    dropped.add("schema uuidswap");
                }
            } else {
                m.event(st.id(), "abort", "dropped " + dropped);
            }
            return null;
        });
        return new Result(st.id(), dropped);
    }

    private static DdlStep step(String id, Object p) {
        return DdlStep.of(ShadowMapper.class, id, p);
    }
}
