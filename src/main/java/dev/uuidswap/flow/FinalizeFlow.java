package dev.uuidswap.flow;

import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.db.Database;
import dev.uuidswap.db.DdlStep;
import dev.uuidswap.db.LockRetry;
import dev.uuidswap.db.SqlStates;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.Names;
import dev.uuidswap.model.Phase;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.model.UuidswapException;
import dev.uuidswap.shadow.ShadowBuilder;
import dev.uuidswap.shadow.ShadowMapper;
import dev.uuidswap.state.MigrationState;
import dev.uuidswap.state.StateMapper;
import dev.uuidswap.state.StateStore;
import dev.uuidswap.swap.SwapMapper;
import dev.uuidswap.swap.SwapScript;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * finalize --confirm, after the swap: reverse triggers, old tables, change logs and functions go
 * in one transaction, so a refusal (something else depends on an old table) leaves the mirror
 * running. --drop-compat-cast drops exactly the casts uuidswap created.
 */
public final class FinalizeFlow {
    private final Database db;
    private final StateStore state;
    private final SetLoader loader;
    private final LockRetry locks;

    public FinalizeFlow(Database db, StateStore state, LockRetry locks) {
        this.db = db;
        this.state = state;
        this.loader = new SetLoader(db, state);
        this.locks = locks;
    }

    public record Result(String migration, List<String> dropped, List<String> castsDropped) {
    }

    public Result run(TableRef parent, boolean confirm, boolean dropCasts) {
        MigrationState st = loader.require(parent, EnumSet.of(Phase.SWAPPED, Phase.FINALIZED), "finalize");
        if (st.phase() == Phase.FINALIZED && !dropCasts) {
            throw new UuidswapException(ExitCode.WRONG_PHASE, "finalize: " + st.id() + " is already finalized");
        }
        if (st.phase() == Phase.SWAPPED && !confirm) {
            throw new UuidswapException(ExitCode.USAGE, "finalize drops the old tables and the way back: run it again with --confirm");
        }
        state.lock(st.id());
        List<String> dropped = new ArrayList<>();
        if (st.phase() == Phase.SWAPPED) {
            MigrationSet set = loader.set(st);
            List<DdlStep> steps = new ArrayList<>();
            List<TableRef> old = new ArrayList<>();
            for (SetTable t : set.tables()) {
                steps.add(PrepareFlow.dropStep(SwapScript.REVERSE_TRIGGER, t.ref()));
                steps.add(PrepareFlow.dropStep(SwapScript.REVERSE_TRUNCATE_TRIGGER, t.ref()));
                old.add(t.ref().withTable(Names.old(t.ref().table())));
            }
            steps.add(DdlStep.of(SwapMapper.class, "dropTables", Map.of("tables", old)));
            for (SetTable t : set.tables()) {
                steps.add(shadow("dropFunction", Map.of("function", new TableRef(ShadowBuilder.STATE_SCHEMA, Names.reverseFunction(t.ref())))));
                steps.add(shadow("dropFunction", Map.of("function", ShadowBuilder.captureFunctionOf(t.ref()))));
                steps.add(shadow("dropTable", Map.of("table", ShadowBuilder.logOf(t.ref()))));
            }
            try {
                locks.run("finalize", set.tables().stream().map(t -> t.ref().toString()).toList(), s -> {
                    steps.forEach(x -> x.run(s));
                    s.getMapper(StateMapper.class).setPhase(st.id(), Phase.FINALIZED.name());
                    s.getMapper(StateMapper.class).event(st.id(), "finalize", "dropped " + old);
                    return null;
                });
            } catch (RuntimeException e) {
                if (SqlStates.is(e, "2BP01")) {
                    throw new UuidswapException(ExitCode.BLOCKED, "finalize: other objects depend on the old tables ("
                            + SqlStates.sqlException(e).getMessage().lines().findFirst().orElse("")
                            + "); drop or re-point them first; nothing was changed");
                }
                throw e;
            }
            old.forEach(o -> dropped.add(o.display()));
        }
        List<String> castsDropped = new ArrayList<>();
        if (dropCasts && !st.compatCasts().isEmpty()) {
            db.inTransaction(s -> {
                for (String c : st.compatCasts()) {
                    DdlStep.of(SwapMapper.class, "dropCast", Map.of("source", new dev.uuidswap.model.CatalogSql(
                            c.equals("text") ? "text" : "varchar"))).run(s);
                    castsDropped.add(c + " → uuid");
                }
                s.getMapper(StateMapper.class).compatCasts(st.id(), List.of());
                s.getMapper(StateMapper.class).event(st.id(), "finalize", "dropped compatibility casts " + castsDropped);
                return null;
            });
        }
        return new Result(st.id(), dropped, castsDropped);
    }

    private static DdlStep shadow(String id, Object p) {
        return DdlStep.of(ShadowMapper.class, id, p);
    }
}
