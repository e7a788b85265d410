package dev.uuidswap.flow;

import dev.uuidswap.catalog.CatalogMapper;
import dev.uuidswap.catalog.Inspector;
import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.catalog.Row;
import dev.uuidswap.db.Database;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.Phase;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.model.UuidswapException;
import dev.uuidswap.shadow.ShadowBuilder;
import dev.uuidswap.state.MigrationState;
import dev.uuidswap.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Loads a migration's state and its set as the catalog shows it now; the shared first step of every flow after prepare. */
public final class SetLoader {
    private final Database db;
    private final StateStore state;

    public SetLoader(Database db, StateStore state) {
        this.db = db;
        this.state = state;
    }

    public MigrationState require(TableRef parent, Set<Phase> allowed, String command) {
        MigrationState st = state.load(StateStore.idOf(parent)).orElseThrow(() -> new UuidswapException(ExitCode.WRONG_PHASE,
                command + ": no migration of " + parent.display() + " (run prepare first)"));
        st.phase().require(allowed, command);
        crossCheck(st);
        return st;
    }

    /**
     * The phase is recorded in the swap's own transaction, so it cannot disagree with the renames;
     * this check says so loudly if anything else (a hand-made rename) made them disagree.
     */
    private void crossCheck(MigrationState st) {
        if (st.phase() == Phase.FINALIZED) {
            return;
        }
        TableRef old = st.parent().withTable(dev.uuidswap.model.Names.old(st.parent().table()));
        TableRef shadow = ShadowBuilder.shadowOf(st.parent());
        boolean oldExists = db.inTransaction(s -> s.getMapper(CatalogMapper.class).relationExists(old.toString()));
        boolean shadowExists = db.inTransaction(s -> s.getMapper(CatalogMapper.class).relationExists(shadow.toString()));
        boolean swapped = st.phase() == Phase.SWAPPED;
        if (swapped != oldExists || swapped == shadowExists) {
            throw new UuidswapException(ExitCode.INTERNAL, "the state says " + st.phase().name().toLowerCase()
                    + " but the catalog shows " + (oldExists ? old.display() : "no " + old.display()) + " and "
                    + (shadowExists ? shadow.display() : "no " + shadow.display()) + "; fix by hand before going on");
        }
    }

    /** The set, rediscovered by structure (foreign keys), so it holds whatever the live names point to now. */
    public MigrationSet set(MigrationState st) {
        return db.inTransaction(s -> new Inspector(s.getMapper(CatalogMapper.class))
                .discover(st.parent(), st.key(), st.columns()));
    }

    /** Tables of the set whose capture triggers are missing (a prepare that stopped half-way). */
    public List<TableRef> missingCapture(MigrationSet set) {
        List<String> present = db.inTransaction(s -> s.getMapper(CatalogMapper.class).triggersPresent()).stream()
                .map(Row::of).map(r -> TableRef.of(r.str("schema"), r.str("table")) + "/" + r.str("trigger")).toList();
        List<TableRef> missing = new ArrayList<>();
        for (SetTable t : set.tables()) {
            if (!present.contains(t.ref() + "/" + ShadowBuilder.CAPTURE_TRIGGER.name())
                    || !present.contains(t.ref() + "/" + ShadowBuilder.CAPTURE_TRUNCATE_TRIGGER.name())) {
                missing.add(t.ref());
            }
        }
        return missing;
    }
}
