package dev.uuidswap.flow;

import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.copy.CatchUp;
import dev.uuidswap.model.Phase;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.shadow.ShadowBuilder;
import dev.uuidswap.state.MigrationState;
import dev.uuidswap.state.StateMapper;
import dev.uuidswap.state.StateStore;
import dev.uuidswap.verify.Verifier;
import dev.uuidswap.verify.VerifyResult;
import dev.uuidswap.verify.VerifyResult.TableResult;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * verify: catch up, compare every table, store the outcome. A failed verify clears any earlier
 * pass (Spirit PR #882: a resume skipped a failed check and cut over).
 */
public final class VerifyFlow {
    private final dev.uuidswap.db.Database db;
    private final StateStore state;
    private final SetLoader loader;
    private final CatchUp catchUp;
    private final Verifier verifier;
    private final int batch;
    private final java.util.function.BiFunction<String, Long, dev.uuidswap.copy.Progress> progress;

    public VerifyFlow(dev.uuidswap.db.Database db, StateStore state, CatchUp catchUp, Verifier verifier, int batch,
            java.util.function.BiFunction<String, Long, dev.uuidswap.copy.Progress> progress) {
        this.db = db;
        this.state = state;
        this.loader = new SetLoader(db, state);
        this.catchUp = catchUp;
        this.verifier = verifier;
        this.batch = batch;
        this.progress = progress;
    }

    public VerifyResult run(TableRef parent) {
        MigrationState st = loader.require(parent, EnumSet.of(Phase.COPIED), "verify");
        state.lock(st.id());
        MigrationSet set = loader.set(st);
        // Small, not empty: against a writer that never stops, "empty" is never reached; the verifier
        // re-syncs and rechecks whatever is still pending, table by table.
        catchUp.untilSmall(set, batch, Math.max(100, batch / 10));
        List<TableResult> tables = new ArrayList<>();
        var p = progress.apply("verify " + st.id(), set.tables().stream().mapToLong(t -> t.info().estRows()).sum());
        for (SetTable t : set.tables()) {
            TableResult r = verifier.verify(t, t.ref(), ShadowBuilder.shadowOf(t.ref()), ShadowBuilder.logOf(t.ref()));
            tables.add(r);
            p.add(r.rowsSource());
        }
        p.finish();
        VerifyResult r = new VerifyResult(st.id(), tables.stream().allMatch(TableResult::ok), tables);
        db.inTransaction(s -> {
            StateMapper m = s.getMapper(StateMapper.class);
            m.verifyResult(st.id(), r.ok(), r.summary());
            m.event(st.id(), "verify", r.summary());
            return null;
        });
        return r;
    }
}
