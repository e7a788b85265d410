package dev.uuidswap.flow;

import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.copy.CatchUp;
import dev.uuidswap.db.Database;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.Phase;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.model.UuidswapException;
import dev.uuidswap.state.MigrationState;
import dev.uuidswap.state.StateStore;
import dev.uuidswap.swap.SwapMapper;
import dev.uuidswap.swap.SwapScript.Direction;
import dev.uuidswap.swap.Swapper;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/** swap and swap-back: the checks before the lock, the catch-up without locks, then the swapper. */
public final class SwapFlow {
    private final Database db;
    private final StateStore state;
    private final SetLoader loader;
    private final CatchUp catchUp;
    private final Swapper swapper;
    private final int batch;

    public SwapFlow(Database db, StateStore state, CatchUp catchUp, Swapper swapper, int batch) {
        this.db = db;
        this.state = state;
        this.loader = new SetLoader(db, state);
        this.catchUp = catchUp;
        this.swapper = swapper;
        this.batch = batch;
    }

    public Swapper.Result swap(TableRef parent, boolean compatCast) {
        MigrationState st = loader.require(parent, EnumSet.of(Phase.COPIED), "swap");
        if (!st.verifiedAfterCopy()) {
            throw new UuidswapException(ExitCode.WRONG_PHASE,
                    "swap needs a verify that passed after the copy finished (run verify); nothing was changed");
        }
        List<String> casts = compatCast ? neededCasts() : List.of();
        state.lock(st.id());
        MigrationSet set = loader.set(st);
        List<TableRef> missing = loader.missingCapture(set);
        if (!missing.isEmpty()) {
            throw new UuidswapException(ExitCode.WRONG_PHASE, "swap: capture triggers are missing on " + missing);
        }
        // Without locks first, so the drain inside the lock is only the last few keys.
        catchUp.untilSmall(set, batch, Math.min(1_000, batch));
        return swapper.run(st, Direction.FORWARD, casts);
    }

    public Swapper.Result back(TableRef parent) {
        MigrationState st = loader.require(parent, EnumSet.of(Phase.SWAPPED), "swap-back");
        state.lock(st.id());
        return swapper.run(st, Direction.BACK, List.of());
    }

    /** The casts to create; refuses before anything changes when they need rights we do not have. */
    private List<String> neededCasts() {
        return db.inTransaction(s -> {
            SwapMapper m = s.getMapper(SwapMapper.class);
            List<String> out = new ArrayList<>();
            for (String src : List.of("varchar", "text")) {
                if (!m.castExists(src)) {
                    out.add(src);
                }
            }
            if (!out.isEmpty() && !m.isSuperuser()) {
                throw new UuidswapException(ExitCode.BLOCKED, "--compat-cast creates casts " + out
                        + " → uuid, which needs a superuser; connect as one, or make the application bind uuid"
                        + " (stringtype=unspecified); nothing was changed");
            }
            return out;
        });
    }
}
