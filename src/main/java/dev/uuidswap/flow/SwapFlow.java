package dev.uuidswap.flow;

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
import java.util.function.Function;

/** swap and swap-back: open the migration under its lock, the checks, the catch-up without locks, then the swapper. */
public final class SwapFlow {
    private final Database db;
    private final Opener opener;
    private final Function<String, CatchUp> catchUp;
    private final Swapper swapper;
    private final int batch;

    public SwapFlow(Database db, StateStore state, Opener opener, Function<String, CatchUp> catchUp, Swapper swapper, int batch) {
        this.db = db;
        this.opener = opener;
        this.catchUp = catchUp;
        this.swapper = swapper;
        this.batch = batch;
    }

    public Swapper.Result swap(TableRef parent, boolean compatCast) {
        db.requireWritable("swap");
        var opened = opener.open(parent, "swap", EnumSet.of(Phase.COPIED),
                EnumSet.of(Opener.Check.UNCHANGED, Opener.Check.CAPTURING));
        MigrationState st = opened.state();
        if (!st.verifiedAfterCopy()) {
            throw new UuidswapException(ExitCode.WRONG_PHASE,
                    "swap needs a verify that passed after the copy finished (run verify); nothing was changed");
        }
        List<String> casts = compatCast ? neededCasts() : List.of();
        // Without locks first, so the drain inside the lock is only the last few keys.
        catchUp.apply(st.id()).untilSmall(opened.set(), batch, Math.min(1_000, batch));
        return swapper.run(st, opened.set(), Direction.FORWARD, casts);
    }

    public Swapper.Result back(TableRef parent) {
        db.requireWritable("swap-back");
        var opened = opener.open(parent, "swap-back", EnumSet.of(Phase.SWAPPED), EnumSet.of(Opener.Check.UNCHANGED));
        return swapper.run(opened.state(), opened.set(), Direction.BACK, List.of());
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
