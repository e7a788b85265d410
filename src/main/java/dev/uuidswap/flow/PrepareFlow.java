package dev.uuidswap.flow;

import dev.uuidswap.catalog.CatalogMapper;
import dev.uuidswap.catalog.Finding;
import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.db.Database;
import dev.uuidswap.db.DdlStep;
import dev.uuidswap.db.LockRetry;
import dev.uuidswap.model.ColumnRef;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.Phase;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.model.UuidswapException;
import dev.uuidswap.plan.Plan;
import dev.uuidswap.plan.Planner;
import dev.uuidswap.shadow.ShadowBuilder;
import dev.uuidswap.state.MigrationState;
import dev.uuidswap.state.StateMapper;
import dev.uuidswap.state.StateStore;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * prepare: takes the migration's lock, refuses on any blocker, builds the shadows and change logs
 * in one transaction with the state rows (and the live tables' shape, read first), then installs
 * the capture triggers table by table under the lock timeout. A prepare stopped between the two
 * (crash, exit 5) is continued by running it again.
 */
public final class PrepareFlow {
    private final Database db;
    private final Planner planner;
    private final ShadowBuilder builder;
    private final StateStore state;
    private final Opener opener;
    private final LockRetry locks;

    public PrepareFlow(Database db, Planner planner, ShadowBuilder builder, StateStore state, Opener opener, LockRetry locks) {
        this.db = db;
        this.planner = planner;
        this.builder = builder;
        this.state = state;
        this.opener = opener;
        this.locks = locks;
    }

    public record Result(String migration, boolean nothingToDo, boolean continued, List<String> tables, int triggerTables) {
    }

    public Result run(TableRef parent, List<ColumnRef> also, boolean fkIndexes, Planner.Options checks) {
        String id = StateStore.idOf(parent);
        db.requireWritable("prepare");
        state.lock(id);
        Optional<MigrationState> existing = state.load(id);
        boolean replaces = existing.isPresent() && existing.get().phase() == Phase.FINALIZED;
        if (replaces && !existing.get().compatCasts().isEmpty()) {
            // Its record is the only trace of the implicit casts: finalize --drop-compat-cast needs it.
            throw new UuidswapException(ExitCode.WRONG_PHASE, "prepare: the finalized migration of " + id + " left the"
                    + " compatibility casts " + existing.get().compatCasts() + "; drop them first (uuidswap finalize"
                    + " --confirm --drop-compat-cast); nothing was changed");
        }
        if (existing.isPresent() && !replaces) {
            MigrationState st = existing.get();
            st.phase().require(EnumSet.of(Phase.PREPARED), "prepare");
            MigrationSet set = opener.set(st);
            List<TableRef> missing = opener.missingCapture(set);
            if (missing.isEmpty()) {
                throw new UuidswapException(ExitCode.WRONG_PHASE, "prepare: " + id + " is already prepared; run copy, or abort");
            }
            installTriggers(id, set, missing);
            return new Result(id, false, true, names(set), missing.size());
        }
        Plan plan = planner.plan(parent, also, checks);
        if (plan.nothingToDo()) {
            return new Result(id, true, false, List.of(), 0);
        }
        if (plan.blocked()) {
            Finding f = plan.blockers().get(0);
            throw new UuidswapException(ExitCode.BLOCKED, "prepare: " + plan.blockers().size() + " blocker(s), first: "
                    + f.object() + ": " + f.message() + (f.examples().isEmpty() ? "" : " " + f.examples().stream().limit(5).toList())
                    + " (run plan for all); nothing was changed");
        }
        state.ensureSchema();
        MigrationSet set = db.inTransaction(s -> {
            // The shape first, then the set: a change in between shows as a difference at copy
            // (refused), never as a shadow silently built from something else.
            MigrationSet found = planner.discover(parent, also).set();
            Map<String, List<String>> shapes = new HashMap<>();
            s.getMapper(CatalogMapper.class).shape(found.tables().stream().map(t -> t.ref().toString()).toList())
                    .forEach(l -> shapes.computeIfAbsent(l.relation(), k -> new ArrayList<>()).add(l.line()));
            StateMapper m = s.getMapper(StateMapper.class);
            if (replaces) {
                // That migration is over; its events stay, a new one starts (only now that the plan passed).
                m.deleteMigration(id);
                m.event(id, "prepare", "the finalized migration's record replaced by a new one");
            }
            m.insertMigration(id, Phase.PREPARED.name(), parent.schema().name(), parent.table().name(),
                    found.key().name(), fkIndexes, builder.tablespace() == null ? null : builder.tablespace().name());
            int pos = 0;
            for (SetTable t : found.tables()) {
                builder.shadowTable(t).forEach(step -> step.run(s));
                builder.captureLog(t, found).forEach(step -> step.run(s));
                m.insertSetTable(id, pos++, t.ref().schema().name(), t.ref().table().name(),
                        t.converted().stream().map(Ident::name).toList(), t.info().estRows(),
                        shapes.getOrDefault(t.ref().toString(), List.of()));
            }
            m.event(id, "prepare", "shadows and change logs created for " + names(found));
            return found;
        });
        installTriggers(id, set, set.tables().stream().map(SetTable::ref).toList());
        return new Result(id, false, false, names(set), set.tables().size());
    }

    /** Each table's triggers in their own short transaction: the lock is brief and bounded by the lock timeout. */
    private void installTriggers(String id, MigrationSet set, List<TableRef> tables) {
        for (TableRef ref : tables) {
            List<DdlStep> steps = builder.captureTriggers(set.table(ref));
            locks.runSteps("capture trigger on " + ref.display(), List.of(ref.toString()), steps);
        }
        state.event(id, "prepare", "capture triggers installed on " + tables.stream().map(TableRef::display).toList());
    }

    private static List<String> names(MigrationSet set) {
        return set.tables().stream().map(t -> t.ref().display()).toList();
    }
}
