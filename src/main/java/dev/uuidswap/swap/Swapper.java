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
import dev.uuidswap.db.SessionMapper;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.Phase;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.model.UuidswapException;
import dev.uuidswap.shadow.ShadowBuilder;
import dev.uuidswap.state.MigrationState;
import dev.uuidswap.state.MigrationState.PendingValidation;
import dev.uuidswap.state.StateDdl;
import dev.uuidswap.state.StateMapper;
import dev.uuidswap.state.StateMapper.PendingRow;
import dev.uuidswap.swap.SwapScript.Direction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cut-over, both ways, as one short transaction: (forward) no session may hold a snapshot
 * older than the data in the new tables; hold writers, apply and commit the last logged keys, and
 * lock the set in a fixed order ({@link WriteBarrier}); check the catalog is what was inspected;
 * rename, re-point, record the phase, the foreign keys to validate and the new live tables' shape;
 * commit. One deadline bounds each attempt from its
 * first lock request to its end (LockRetry); any failure rolls back at once (gh-ost #1270).
 */
public final class Swapper {
    private static final Logger log = LoggerFactory.getLogger(Swapper.class);
    static final int MAX_DRIFTS = 3;

    private final Database db;
    private final LockRetry locks;
    private final ShadowBuilder builder;
    private final Function<MigrationState, MigrationSet> setLoader;
    private final boolean queueForLocks;

    /**
     * {@code queueForLocks}: the way without the write barrier, for an application whose
     * transactions keep reading and then writing the set (each would make the barrier give way):
     * the exclusive request queues behind other sessions' locks and the last log entries are
     * applied inside the swap's transaction, invisible to a REPEATABLE READ snapshot taken meanwhile.
     */
    public Swapper(Database db, LockRetry locks, ShadowBuilder builder, Function<MigrationState, MigrationSet> setLoader,
            boolean queueForLocks) {
        this.db = db;
        this.locks = locks;
        this.builder = builder;
        this.setLoader = setLoader;
        this.queueForLocks = queueForLocks;
    }

    /**
     * {@code longestWaitMillis}: the longest attempt, first lock request to rollback or commit, which
     * is the longest an application statement can have queued behind the swap.
     */
    public record Result(String migration, Direction direction, int attempts, double lockHoldMillis,
            double longestWaitMillis, long drained, List<String> castsCreated, List<String> validated,
            List<String> validationProblems) {
    }

    /** The catalog changed between inspection and lock: inspect again. */
    private static final class Drift extends RuntimeException {
        Drift() {
            super("catalog changed since inspection", null, false, false);
        }
    }

    public Result run(MigrationState st, MigrationSet first, Direction dir, List<String> casts) {
        MigrationSet set = first;
        for (int drift = 0; ; drift++) {
            Map<TableRef, TableInfo> incoming = incoming(set, dir);
            List<String> watched = lockOrder(set, dir).stream().map(TableRef::toString).toList();
            List<String> logs = set.tables().stream().map(t -> ShadowBuilder.logOf(t.ref()).toString()).toList();
            String fp = db.inTransaction(s -> s.getMapper(SwapMapper.class).fingerprint(watched));
            SwapScript script = new SwapScript(dir, set, incoming, builder);
            // The reverse functions lock no table: made in the attempt's transaction before its exclusive locks.
            DdlStep.Batch functions = DdlStep.Batch.of(db.configuration(), script.functions());
            List<PendingRow> pending = validations(st, script);
            List<DdlStep> all = new ArrayList<>(script.steps(casts));
            all.addAll(record(st, dir, casts, pending));
            DdlStep.Batch steps = DdlStep.Batch.of(db.configuration(), all);
            DdlStep lock = SwapDdl.lockExclusive(lockOrder(set, dir));
            MigrationSet locked = set;
            try {
                var outcome = locks.run(dir == Direction.FORWARD ? "swap" : "swap-back", watched, (s, held) -> {
                    long start = System.nanoTime();
                    SessionMapper sm = s.getMapper(SessionMapper.class);
                    sm.asyncCommit();
                    // Also warms this backend's catalog caches for the relations, so the same query
                    // under the locks reads them from memory.
                    if (!fp.equals(s.getMapper(SwapMapper.class).fingerprint(watched))) {
                        throw new Drift();
                    }
                    long drained = 0;
                    WriteBarrier barrier = new WriteBarrier(locks, s, start, st, locked);
                    if (dir == Direction.FORWARD && !queueForLocks) {
                        drained = barrier.pass(watched, functions, lock, held);
                    } else {
                        if (dir == Direction.FORWARD) {
                            drained = barrier.catchUpAndAwaitSnapshots(true);
                        }
                        functions.run(s);
                        lock.run(s);
                        held.run();
                    }
                    long t0 = System.nanoTime();
                    if (!fp.equals(s.getMapper(SwapMapper.class).fingerprint(watched))) {
                        throw new Drift();
                    }
                    long t1 = System.nanoTime();
                    if (dir == Direction.FORWARD) {
                        // With the barrier nothing can have been logged since its catch-up (should a
                        // path we do not know of have written anyway, its rows are not left behind);
                        // queued for the locks, what was written meanwhile is applied here.
                        List<String> withEntries = s.getMapper(SwapMapper.class).pendingLogs(logs);
                        if (!withEntries.isEmpty()) {
                            if (!queueForLocks) {
                                log.warn("entries were logged behind the write barrier in {}; applied inside the lock", withEntries);
                            }
                            drained += CatchUp.drainAll(s, st.id(), locked, locked.tables().stream()
                                    .filter(t -> withEntries.contains(ShadowBuilder.logOf(t.ref()).toString())).toList());
                        }
                    }
                    long t2 = System.nanoTime();
                    steps.run(s);
                    log.debug("inside the lock: fingerprint {} ms, log check {} ms, script and record {} ms",
                            ms(t1 - t0), ms(t2 - t1), ms(System.nanoTime() - t2));
                    return drained;
                });
                db.inTransaction(s -> {
                    s.getMapper(StateMapper.class).shapesAfterSwap(st.id());
                    return null;
                });
                Validator.Outcome v = new Validator(db, locks.requested()).complete(st.id(), pending.stream().map(p -> new PendingValidation(
                        TableRef.of(p.schemaName(), p.tableName()), Ident.of(p.constraintName()))).toList());
                return new Result(st.id(), dir, outcome.attempt(), outcome.holdMillis(), outcome.longestAttemptMillis(),
                        outcome.value(), casts, v.validated(), v.problems());
            } catch (Drift d) {
                if (drift + 1 >= MAX_DRIFTS) {
                    throw new UuidswapException(ExitCode.LOCKS_NOT_ACQUIRED,
                            "the schema of the set kept changing during the swap; nothing was changed");
                }
                set = setLoader.apply(st);
            }
        }
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    /**
     * The foreign keys this swap adds NOT VALID and must validate: those validated now, and those a
     * previous swap left pending (its constraints are dropped and added again by this one).
     */
    private static List<PendingRow> validations(MigrationState st, SwapScript script) {
        List<PendingRow> out = new ArrayList<>();
        for (ForeignKey fk : script.validations()) {
            boolean wasPending = st.pending().stream().anyMatch(p -> p.constraint().equals(fk.name())
                    && (p.table().equals(fk.from()) || p.table().equals(ShadowBuilder.oldOf(fk.from()))
                    || p.table().equals(ShadowBuilder.shadowOf(fk.from()))));
            if (fk.validated() || wasPending) {
                out.add(new PendingRow(fk.from().schema().name(), fk.from().table().name(), fk.name().name()));
            }
        }
        return out;
    }

    /** The phase, casts, foreign keys to validate and the new live tables' shape, in the swap's own batch. */
    private static List<DdlStep> record(MigrationState st, Direction dir, List<String> casts, List<PendingRow> pending) {
        List<String> all = new ArrayList<>(st.compatCasts());
        casts.stream().filter(c -> !all.contains(c)).forEach(all::add);
        return List.of(
                StateDdl.swapped(st.id(), dir == Direction.FORWARD ? Phase.SWAPPED : Phase.COPIED, all),
                StateDdl.pending(st.id(), pending),
                // What the live tables look like now: the next swap or swap-back refuses if that changes.
                StateDdl.version(st.id()),
                StateDdl.event(st.id(), dir == Direction.FORWARD ? "swap" : "swap-back",
                        dir == Direction.FORWARD ? "uuid tables are live; old tables mirrored" : "string tables are live again"));
    }

    private Map<TableRef, TableInfo> incoming(MigrationSet set, Direction dir) {
        return db.inTransaction(s -> {
            Inspector in = new Inspector(s.getMapper(CatalogMapper.class));
            Map<TableRef, TableInfo> m = new HashMap<>();
            for (SetTable t : set.tables()) {
                TableRef ref = SwapScript.incomingRef(dir, t.ref());
                if (!s.getMapper(CatalogMapper.class).relationExists(ref)) {
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
}
