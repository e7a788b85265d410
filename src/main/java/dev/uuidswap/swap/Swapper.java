package dev.uuidswap.swap;

import dev.uuidswap.catalog.CatalogMapper;
import dev.uuidswap.catalog.Inspector;
import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.catalog.Model.ForeignKey;
import dev.uuidswap.catalog.Model.TableInfo;
import dev.uuidswap.copy.CatchUp;
import dev.uuidswap.db.Database;
import dev.uuidswap.db.DdlStep;
import dev.uuidswap.db.LockRetry;
import dev.uuidswap.db.SqlStates;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.Phase;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.model.UuidswapException;
import dev.uuidswap.shadow.ShadowBuilder;
import dev.uuidswap.state.MigrationState;
import dev.uuidswap.state.StateMapper;
import dev.uuidswap.swap.SwapScript.Direction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.ibatis.session.SqlSession;

/**
 * The cut-over, both ways, as one short transaction: lock the set in a fixed order under
 * lock_timeout, check the catalog is what was inspected, drain the last logged keys, rename,
 * re-point, record the phase, commit. Any failure rolls back at once (gh-ost #1270).
 */
public final class Swapper {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Swapper.class);
    static final int MAX_DRIFTS = 3;

    private final Database db;
    private final LockRetry locks;
    private final ShadowBuilder builder;
    private final int batch;
    private final Duration statementTimeout;
    private final Function<MigrationState, MigrationSet> setLoader;

    public Swapper(Database db, LockRetry locks, ShadowBuilder builder, int batch, Duration statementTimeout,
            Function<MigrationState, MigrationSet> setLoader) {
        this.db = db;
        this.locks = locks;
        this.builder = builder;
        this.batch = batch;
        this.statementTimeout = statementTimeout;
        this.setLoader = setLoader;
    }

    public record Result(String migration, Direction direction, int attempts, double lockHoldMillis, long drained,
            List<String> castsCreated, List<String> validated, List<String> validationProblems) {
    }

    /** The catalog changed between inspection and lock: inspect again. */
    private static final class Drift extends RuntimeException {
        Drift() {
            super("catalog changed since inspection", null, false, false);
        }
    }

    public Result run(MigrationState st, Direction dir, List<String> casts) {
        for (int drift = 0; ; drift++) {
            MigrationSet set = setLoader.apply(st);
            Map<TableRef, TableInfo> incoming = incoming(set, dir);
            String[] watched = watched(set, dir).toArray(String[]::new);
            String[] logs = set.tables().stream().map(t -> ShadowBuilder.logOf(t.ref()).toString()).toArray(String[]::new);
            String fp = db.inTransaction(s -> s.getMapper(SwapMapper.class).fingerprint(watched));
            SwapScript script = new SwapScript(dir, set, incoming, builder);
            DdlStep.Batch steps = db.inTransaction(s -> DdlStep.Batch.of(s.getConfiguration(), script.steps(casts)));
            long[] lockedAt = new long[1];
            try {
                var outcome = locks.run(dir == Direction.FORWARD ? "swap" : "swap-back", List.of(watched), s -> {
                    DdlStep.of(SwapMapper.class, "setStatementTimeout", Map.of("value", statementTimeout.toMillis() + "ms")).run(s);
                    DdlStep.of(SwapMapper.class, "asyncCommit", Map.of()).run(s);
                    DdlStep.of(SwapMapper.class, "lockExclusive", Map.of("tables", lockOrder(set, dir))).run(s);
                    lockedAt[0] = System.nanoTime();
                    if (!fp.equals(s.getMapper(SwapMapper.class).fingerprint(watched))) {
                        throw new Drift();
                    }
                    long tf = System.nanoTime();
                    long drained = 0;
                    if (dir == Direction.FORWARD) {
                        List<String> pending = s.getMapper(SwapMapper.class).pendingLogs(logs);
                        drained = CatchUp.drainAll(s, set.tables().stream()
                                .filter(t -> pending.contains(ShadowBuilder.logOf(t.ref()).toString())).toList(), batch);
                    }
                    long td = System.nanoTime();
                    steps.run(s);
                    long tb = System.nanoTime();
                    record(s, st, dir, casts);
                    log.debug("inside the lock: fingerprint {} ms, drain {} ms, script {} ms, state {} ms",
                            (tf - lockedAt[0]) / 1_000_000, (td - tf) / 1_000_000, (tb - td) / 1_000_000,
                            (System.nanoTime() - tb) / 1_000_000);
                    return drained;
                });
                double hold = (System.nanoTime() - lockedAt[0]) / 1e6;
                List<String> ok = new ArrayList<>();
                List<String> problems = new ArrayList<>();
                validate(script, ok, problems);
                return new Result(st.id(), dir, outcome.attempt(), hold, outcome.value(), casts, ok, problems);
            } catch (Drift d) {
                if (drift + 1 >= MAX_DRIFTS) {
                    throw new UuidswapException(ExitCode.LOCKS_NOT_ACQUIRED,
                            "the schema of the set kept changing during the swap; nothing was changed");
                }
            }
        }
    }

    private void record(SqlSession s, MigrationState st, Direction dir, List<String> casts) {
        StateMapper m = s.getMapper(StateMapper.class);
        m.swapped(st.id(), dir == Direction.FORWARD ? Phase.SWAPPED.name() : Phase.COPIED.name());
        if (!casts.isEmpty()) {
            List<String> all = new ArrayList<>(st.compatCasts());
            casts.stream().filter(c -> !all.contains(c)).forEach(all::add);
            m.compatCasts(st.id(), all);
        }
        m.event(st.id(), dir == Direction.FORWARD ? "swap" : "swap-back",
                dir == Direction.FORWARD ? "uuid tables are live; old tables mirrored" : "string tables are live again");
    }

    /** After commit: VALIDATE takes only SHARE UPDATE EXCLUSIVE, so the application keeps writing (pg-osc #119). */
    private void validate(SwapScript script, List<String> ok, List<String> problems) {
        for (DdlStep v : script.validations()) {
            try {
                db.inTransaction(s -> {
                    v.run(s);
                    return null;
                });
                ok.add(db.render(v));
            } catch (RuntimeException e) {
                problems.add(db.render(v) + ": SQLSTATE " + SqlStates.of(e));
            }
        }
    }

    private Map<TableRef, TableInfo> incoming(MigrationSet set, Direction dir) {
        return db.inTransaction(s -> {
            Inspector in = new Inspector(s.getMapper(CatalogMapper.class));
            Map<TableRef, TableInfo> m = new HashMap<>();
            for (SetTable t : set.tables()) {
                TableRef ref = SwapScript.incomingRef(dir, t.ref());
                if (!s.getMapper(CatalogMapper.class).relationExists(ref.toString())) {
                    throw new UuidswapException(ExitCode.WRONG_PHASE, ref.display() + " does not exist; run status");
                }
                m.put(t.ref(), in.table(ref));
            }
            return m;
        });
    }

    /**
     * One fixed order: the parent, then the children in discovery order (the order in which an
     * application writes them, so our lock queue does not cross its row locks into a deadlock),
     * then the incoming tables, then outside tables whose foreign keys are re-pointed.
     */
    static List<TableRef> lockOrder(MigrationSet set, Direction dir) {
        List<TableRef> out = new ArrayList<>();
        set.tables().forEach(t -> out.add(t.ref()));
        set.tables().forEach(t -> out.add(SwapScript.incomingRef(dir, t.ref())));
        new TreeSet<>(set.inboundFks().stream().map(ForeignKey::from).filter(r -> !set.contains(r)).toList())
                .forEach(out::add);
        return out;
    }

    /** The same tables as bound names, for the fingerprint and for naming lock holders. */
    private static List<String> watched(MigrationSet set, Direction dir) {
        return lockOrder(set, dir).stream().map(TableRef::toString).toList();
    }
}
