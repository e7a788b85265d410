package dev.uuidswap.flow;

import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.copy.CatchUp;
import dev.uuidswap.copy.Progress;
import dev.uuidswap.db.Database;
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
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * verify: catch up, compare every table, store the outcome. A failed verify clears any earlier
 * pass (Spirit PR #882: a resume skipped a failed check and cut over); a drifted schema never
 * passes (exit 3 before anything is compared).
 */
public final class VerifyFlow {
    private final Database db;
    private final Opener opener;
    private final Function<String, CatchUp> catchUp;
    private final Function<CatchUp, Verifier> verifier;
    private final int batch;
    private final BiFunction<String, Long, Progress> progress;

    public VerifyFlow(Database db, StateStore state, Opener opener, Function<String, CatchUp> catchUp, Function<CatchUp, Verifier> verifier,
            int batch, BiFunction<String, Long, Progress> progress) {
        this.db = db;
        this.opener = opener;
        this.catchUp = catchUp;
        this.verifier = verifier;
        this.batch = batch;
        this.progress = progress;
    }

    public VerifyResult run(TableRef parent) {
        db.requireWritable("verify");
        var opened = opener.open(parent, "verify", EnumSet.of(Phase.COPIED),
                EnumSet.of(Opener.Check.UNCHANGED, Opener.Check.CAPTURING));
        MigrationState st = opened.state();
        MigrationSet set = opened.set();
        CatchUp sync = catchUp.apply(st.id());
        // Small, not empty: against a writer that never stops, "empty" is never reached; the verifier
        // re-syncs and rechecks whatever is still pending, table by table.
        sync.untilSmall(set, batch, Math.max(100, batch / 10));
        Verifier v = verifier.apply(sync);
        List<TableResult> tables = new ArrayList<>();
        var p = progress.apply("verify " + st.id(), set.tables().stream().mapToLong(t -> t.info().estRows()).sum());
        for (SetTable t : set.tables()) {
            TableResult r = v.verify(set, t, t.ref(), ShadowBuilder.shadowOf(t.ref()), ShadowBuilder.logOf(t.ref()));
            tables.add(r);
            p.add(r.rowsSource());
        }
        p.finish();
        VerifyResult r = new VerifyResult(st.id(), tables.stream().allMatch(TableResult::ok), tables);
        db.inTransaction(s -> {
            StateMapper m = s.getMapper(StateMapper.class);
            m.verifyResult(st.id(), r.ok(), r.stateSummary());
            m.event(st.id(), "verify", r.stateSummary());
            m.scrubVerifyKeys();
            return null;
        });
        return r;
    }
}
