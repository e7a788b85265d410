package dev.uuidswap.flow;

import dev.uuidswap.catalog.Spellings;
import dev.uuidswap.db.Database;
import dev.uuidswap.db.DdlStep;
import dev.uuidswap.db.LockRetry;
import dev.uuidswap.db.SqlStates;
import dev.uuidswap.model.ColumnRef;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.Phase;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.model.UuidswapException;
import dev.uuidswap.shadow.ShadowBuilder;
import dev.uuidswap.shadow.ShadowDdl;
import dev.uuidswap.state.MigrationState;
import dev.uuidswap.state.MigrationState.TableState;
import dev.uuidswap.state.StateMapper;
import dev.uuidswap.state.StateStore;
import dev.uuidswap.swap.SwapDdl;
import dev.uuidswap.swap.SwapScript;
import dev.uuidswap.swap.Validator;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * finalize --confirm, after the swap: first the foreign keys still to validate (it refuses while
 * one cannot be), then reverse triggers, old tables, change logs and functions in one transaction,
 * so a refusal (something else depends on an old table) leaves the mirror running.
 * --drop-compat-cast drops exactly the casts uuidswap created.
 */
public final class FinalizeFlow {
    private final Database db;
    private final Opener opener;
    private final LockRetry locks;

    public FinalizeFlow(Database db, StateStore state, Opener opener, LockRetry locks) {
        this.db = db;
        this.opener = opener;
        this.locks = locks;
    }

    public record Result(String migration, List<String> validated, List<String> dropped, List<String> castsDropped) {
    }

    public Result run(TableRef parent, boolean confirm, boolean dropCasts) {
        db.requireWritable("finalize");
        MigrationState st = opener.open(parent, "finalize", EnumSet.of(Phase.SWAPPED, Phase.FINALIZED), Opener.none()).state();
        if (st.phase() == Phase.FINALIZED && !dropCasts) {
            throw new UuidswapException(ExitCode.WRONG_PHASE, "finalize: " + st.id() + " is already finalized");
        }
        if (st.phase() == Phase.SWAPPED && !confirm) {
            throw new UuidswapException(ExitCode.USAGE, "finalize drops the old tables and the way back: run it again with --confirm");
        }
        List<String> dropped = new ArrayList<>();
        List<String> validated = new ArrayList<>();
        if (st.phase() == Phase.SWAPPED) {
            Validator.Outcome v = new Validator(db, locks.requested()).complete(st.id(), st.pending());
            validated.addAll(v.validated());
            if (!v.problems().isEmpty()) {
                throw new UuidswapException(ExitCode.BLOCKED, "finalize: foreign keys a swap added are still not validated: "
                        + v.problems() + "; fix the data they name, then run finalize again; nothing was dropped");
            }
            List<DdlStep> steps = new ArrayList<>();
            List<TableRef> old = new ArrayList<>();
            for (TableState t : st.tables()) {
                steps.addAll(SwapScript.dropReverseTriggers(t.table()));
                old.add(ShadowBuilder.oldOf(t.table()));
            }
            steps.add(SwapDdl.dropTables(old));
            for (TableState t : st.tables()) {
                steps.add(SwapScript.dropReverseFunction(t.table()));
                steps.add(ShadowDdl.dropFunction(ShadowBuilder.captureFunctionOf(t.table())));
                steps.add(ShadowDdl.dropTable(ShadowBuilder.logOf(t.table())));
                t.converted().forEach(c -> steps.add(ShadowDdl.dropTable(Spellings.mapOf(new ColumnRef(t.table(), c)))));
            }
            try {
                locks.run("finalize", st.tables().stream().map(t -> t.table().toString()).toList(), (s, held) -> {
                    steps.forEach(x -> x.run(s));
                    held.run();
                    s.getMapper(StateMapper.class).setPhase(st.id(), Phase.FINALIZED.name());
                    s.getMapper(StateMapper.class).event(st.id(), "finalize", "dropped " + old);
                    return null;
                });
            } catch (RuntimeException e) {
                if (SqlStates.is(e, SqlStates.DEPENDENT_OBJECTS)) {
                    throw new UuidswapException(ExitCode.BLOCKED, "finalize: other objects depend on the old tables ("
                            + SqlStates.firstLine(e) + "); drop or re-point them first; nothing was changed");
                }
                throw e;
            }
            old.forEach(o -> dropped.add(o.display()));
        }
        List<String> castsDropped = new ArrayList<>();
        if (dropCasts && !st.compatCasts().isEmpty()) {
            db.inTransaction(s -> {
                for (String c : st.compatCasts()) {
                    SwapDdl.dropCast(c).run(s);
                    castsDropped.add(c + " → uuid");
                }
                s.getMapper(StateMapper.class).compatCasts(st.id(), List.of());
                s.getMapper(StateMapper.class).event(st.id(), "finalize", "dropped compatibility casts " + castsDropped);
                return null;
            });
        }
        return new Result(st.id(), validated, dropped, castsDropped);
    }
}
