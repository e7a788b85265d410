package dev.uuidswap.app;

import dev.uuidswap.catalog.CatalogMapper;
import dev.uuidswap.catalog.DataMapper;
import dev.uuidswap.config.Settings;
import dev.uuidswap.copy.CatchUp;
import dev.uuidswap.copy.Copier;
import dev.uuidswap.copy.CopyMapper;
import dev.uuidswap.copy.Pacer;
import dev.uuidswap.copy.Progress;
import dev.uuidswap.db.Database;
import dev.uuidswap.db.LockRetry;
import dev.uuidswap.db.SessionMapper;
import dev.uuidswap.flow.AbortFlow;
import dev.uuidswap.flow.CopyFlow;
import dev.uuidswap.flow.FinalizeFlow;
import dev.uuidswap.flow.Opener;
import dev.uuidswap.flow.PrepareFlow;
import dev.uuidswap.flow.StatusFlow;
import dev.uuidswap.flow.SwapFlow;
import dev.uuidswap.flow.VerifyFlow;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.UuidswapException;
import dev.uuidswap.plan.Planner;
import dev.uuidswap.shadow.ShadowBuilder;
import dev.uuidswap.shadow.ShadowMapper;
import dev.uuidswap.state.StateMapper;
import dev.uuidswap.state.StateStore;
import dev.uuidswap.swap.SwapMapper;
import dev.uuidswap.swap.SwapScript;
import dev.uuidswap.swap.Swapper;
import dev.uuidswap.verify.Verifier;
import dev.uuidswap.verify.VerifyMapper;
import java.util.List;
import java.util.function.Supplier;

/**
 * Wires the orchestrators with their collaborators, in one place: the composition root, so it is
 * also where the mappers are registered. Owns the state store (and so the migration's lock).
 */
public final class Flows implements AutoCloseable {
    /** Every mapper the commands use; each has its XML beside it on the class path. */
    public static final List<Class<?>> MAPPERS = List.of(CatalogMapper.class, DataMapper.class, StateMapper.class,
            ShadowMapper.class, CopyMapper.class, VerifyMapper.class, SwapMapper.class);

    final Settings s;
    final Database db;
    final Output out;
    final StateStore state;
    final ShadowBuilder builder;
    final LockRetry locks;
    final Pacer pacer;

    public Flows(Settings s, Database db, Output out) {
        this.s = s;
        this.db = db;
        this.out = out;
        this.state = new StateStore(db);
        this.builder = new ShadowBuilder(!s.noFkIndexes(), s.tablespace());
        this.locks = new LockRetry(db, s.lockTimeout(), s.retries());
        this.pacer = pacer(s, db);
    }

    public static Database open(Settings s) {
        return Database.open(s.jdbcUrl(), s.user(), s.password(), Math.max(4, s.jobs() + 3), MAPPERS);
    }

    public Settings settings() {
        return s;
    }

    public Database db() {
        return db;
    }

    public Output out() {
        return out;
    }

    public StateStore state() {
        return state;
    }

    public LockRetry locks() {
        return locks;
    }

    /** Fails closed: a replica lag this role cannot read would count as no lag at all. */
    private static Pacer pacer(Settings s, Database db) {
        Pacer.LagLimit lag = s.maxReplicaLagMillis() == null && s.maxReplicaLagBytes() == null ? null
                : new Pacer.LagLimit(s.maxReplicaLagMillis(), s.maxReplicaLagBytes());
        if (lag != null && !db.inTransaction(x -> x.getMapper(SessionMapper.class).readsAllStats())) {
            throw new UuidswapException(ExitCode.PRIVILEGE, "--max-replica-lag needs a role that can read the replicas'"
                    + " progress (member of pg_read_all_stats, or a superuser); without it every replica would read as"
                    + " caught up; nothing was changed");
        }
        if (lag != null) {
            // A standby has no replicas to read the lag of (pg_current_wal_lsn fails there): say so first.
            db.requireWritable(s.command() + " --max-replica-lag");
        }
        Supplier<List<SessionMapper.Replica>> replicas = () -> db.inTransaction(x -> x.getMapper(SessionMapper.class).replicas());
        List<SessionMapper.Replica> first = lag == null ? List.of() : replicas.get();
        if (lag != null && first.isEmpty()) {
            // A replica that is down leaves no row: watching nothing would let the copy run unthrottled.
            throw new UuidswapException(ExitCode.USAGE, "--max-replica-lag: no replica streams from this server and no"
                    + " physical replication slot waits for one, so there is no lag to watch; start the replica, or run"
                    + " without the option; nothing was changed");
        }
        return new Pacer(s.pauseFile(), lag, replicas, first, s.maxRowsPerSecond());
    }

    public static Planner planner(Database db, Settings s) {
        ShadowBuilder b = new ShadowBuilder(!s.noFkIndexes(), s.tablespace());
        return new Planner(db, b, set -> SwapScript.previewForward(set, b), s.lockTimeout());
    }

    public Planner planner() {
        return planner(db, s);
    }

    /** The plan's options as the command line gives them, with its progress line. */
    public Planner.Options planOptions() {
        return planOptions(s, out);
    }

    public static Planner.Options planOptions(Settings s, Output out) {
        Progress p = new Progress(out.err(), System.console() != null, out.quiet(), "plan: data checks", 0, () -> null);
        return new Planner.Options(!s.noDataChecks(), s.recheckForeignKeys(), new Planner.Watcher() {
            @Override
            public void expect(long rows) {
                p.total(rows);
            }

            @Override
            public void checked(long rows) {
                p.add(rows);
            }

            @Override
            public void finished() {
                p.finish();
            }
        });
    }

    public CatchUp catchUp(String migration) {
        return new CatchUp(db, pacer, migration);
    }

    public PrepareFlow prepare() {
        return new PrepareFlow(db, planner(), builder, state, opener(), locks);
    }

    public CopyFlow copy() {
        return copy(s.jobs());
    }

    /** The bench compares --jobs values within one process (and one advisory lock). */
    public CopyFlow copy(int jobs) {
        return new CopyFlow(db, state, opener(), id -> new Copier(db, jobs, s.batchSize(), pacer), this::catchUp, pacer,
                s.batchSize(), this::progress);
    }

    public VerifyFlow verify() {
        return new VerifyFlow(db, state, opener(), this::catchUp, c -> new Verifier(db, c, s.batchSize(), s.lockTimeout()),
                s.batchSize(), this::progress);
    }

    /** A bar on a terminal, a line every few seconds otherwise, nothing with --quiet. */
    public Progress progress(String label, long total) {
        return new Progress(out.err(), System.console() != null, out.quiet(), label, total, pacer::waitingFor);
    }

    /** Opens a migration for a command; its first look at the set waits at most --lock-timeout behind a table held exclusively. */
    Opener opener() {
        return new Opener(db, state, s.lockTimeout());
    }

    public StatusFlow status() {
        return new StatusFlow(db, state, opener(), locks);
    }

    public SwapFlow swap() {
        Opener opener = opener();
        return new SwapFlow(db, state, opener, this::catchUp, new Swapper(db, locks, builder, opener::set, s.queueForLocks()),
                s.batchSize());
    }

    public FinalizeFlow finalizer() {
        return new FinalizeFlow(db, state, opener(), locks);
    }

    public AbortFlow abort() {
        return new AbortFlow(db, state, opener(), locks);
    }

    @Override
    public void close() {
        state.close();
    }
}
