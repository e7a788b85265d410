package dev.uuidswap.cli;

import dev.uuidswap.config.Settings;
import dev.uuidswap.copy.CatchUp;
import dev.uuidswap.copy.Copier;
import dev.uuidswap.copy.Pacer;
import dev.uuidswap.copy.Progress;
import dev.uuidswap.db.Database;
import dev.uuidswap.db.LockRetry;
import dev.uuidswap.flow.AbortFlow;
import dev.uuidswap.flow.CopyFlow;
import dev.uuidswap.flow.FinalizeFlow;
import dev.uuidswap.flow.SetLoader;
import dev.uuidswap.flow.SwapFlow;
import dev.uuidswap.swap.SwapScript;
import dev.uuidswap.swap.Swapper;
import dev.uuidswap.flow.PrepareFlow;
import dev.uuidswap.flow.StatusFlow;
import dev.uuidswap.flow.VerifyFlow;
import dev.uuidswap.plan.Planner;
import dev.uuidswap.shadow.ShadowBuilder;
import dev.uuidswap.state.StateStore;
import dev.uuidswap.verify.Verifier;

/** Wires the orchestrators with their collaborators, in one place. Owns the state store (and its lock). */
final class Flows implements AutoCloseable {
    /** Guards every statement inside the swap transaction. */
    static final java.time.Duration STATEMENT_TIMEOUT = java.time.Duration.ofSeconds(30);

    final Settings s;
    final Database db;
    final Output out;
    final StateStore state;
    final ShadowBuilder builder;
    final LockRetry locks;
    final Pacer pacer;

    Flows(Settings s, Database db, Output out) {
        this.s = s;
        this.db = db;
        this.out = out;
        this.state = new StateStore(db);
        this.builder = new ShadowBuilder(!s.noFkIndexes());
        this.locks = new LockRetry(db, s.lockTimeout(), s.retries());
        this.pacer = new Pacer(s.pauseFile(), s.maxReplicaLag(), () -> ReplicaLag.millis(db), s.maxRowsPerSecond());
    }

    static Planner planner(Database db, Settings s) {
        ShadowBuilder b = new ShadowBuilder(!s.noFkIndexes());
        return new Planner(db, b, set -> SwapScript.previewForward(set, b));
    }

    Planner planner() {
        return planner(db, s);
    }

    CatchUp catchUp() {
        return new CatchUp(db, pacer);
    }

    PrepareFlow prepare() {
        return new PrepareFlow(db, planner(), builder, state, locks);
    }

    CopyFlow copy() {
        return copy(s.jobs());
    }

    /** The bench compares --jobs values within one process (and one advisory lock). */
    CopyFlow copy(int jobs) {
        return new CopyFlow(db, state, new Copier(db, jobs, s.batchSize(), pacer), catchUp(), s.batchSize(), this::progress);
    }

    VerifyFlow verify() {
        return new VerifyFlow(db, state, catchUp(), new Verifier(db, catchUp(), s.batchSize()), s.batchSize(), this::progress);
    }

    /** A bar on a terminal, a line every few seconds otherwise, nothing with --quiet. */
    Progress progress(String label, long total) {
        return new Progress(out.err(), System.console() != null, out.quiet(), label, total, pacer::waitingFor);
    }

    StatusFlow status() {
        return new StatusFlow(db, state, locks);
    }

    SwapFlow swap() {
        Swapper swapper = new Swapper(db, locks, builder, s.batchSize(), STATEMENT_TIMEOUT,
                st -> new SetLoader(db, state).set(st));
        return new SwapFlow(db, state, catchUp(), swapper, s.batchSize());
    }

    FinalizeFlow finalizer() {
        return new FinalizeFlow(db, state, locks);
    }

    AbortFlow abort() {
        return new AbortFlow(db, state, locks);
    }

    @Override
    public void close() {
        state.close();
    }
}
