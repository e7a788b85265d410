package dev.uuidswap.flow;

import dev.uuidswap.catalog.CatalogMapper;
import dev.uuidswap.catalog.Inspector;
import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.db.Database;
import dev.uuidswap.db.GiveWay;
import dev.uuidswap.model.ColumnRef;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.Phase;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.model.UuidswapException;
import dev.uuidswap.shadow.ShadowBuilder;
import dev.uuidswap.state.MigrationState;
import dev.uuidswap.state.MigrationState.TableState;
import dev.uuidswap.state.StateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.ibatis.session.TransactionIsolationLevel;

/**
 * Opens a migration for one command, in one place and in one order: the advisory lock first, then
 * the state read inside it (Flyway's schemaHistory.lock(this::migrateAll)), the phase checked, the
 * state cross-checked against the catalog, the set discovered, and whatever the command needs to
 * hold checked: the set and the tables' shape unchanged since recorded, the capture triggers in
 * place. A second process never acts on a phase the first is changing.
 */
public final class Opener {
    /** What a command needs to hold before it acts. */
    public enum Check {
        /** The tables and their shape are what the shadows were built from (or what the swap left). */
        UNCHANGED,
        /** The capture triggers of every live table exist (before the swap). */
        CAPTURING
    }

    /** A migration opened under its lock. */
    public record Opened(MigrationState state, MigrationSet set) {
    }

    private final Database db;
    private final StateStore state;
    private final Duration lookWait;

    /**
     * {@code lookWait}: how long opening a migration waits for a table of the set that another
     * session holds exclusively (then exit 5 naming it) before the command does anything.
     */
    public Opener(Database db, StateStore state, Duration lookWait) {
        this.db = db;
        this.state = state;
        this.lookWait = lookWait;
    }

    public Opened open(TableRef parent, String command, Set<Phase> allowed, Set<Check> checks) {
        String id = StateStore.idOf(parent);
        state.lock(id);
        MigrationState st = state.load(id).orElseThrow(() -> new UuidswapException(ExitCode.WRONG_PHASE,
                command + ": no migration of " + parent.display() + " (run prepare first)"));
        st.phase().require(allowed, command);
        crossCheck(st);
        MigrationSet set = set(st);
        if (checks.contains(Check.UNCHANGED)) {
            List<String> drift = drift(st, set);
            if (!drift.isEmpty()) {
                throw new UuidswapException(ExitCode.BLOCKED, command + ": " + describe(st, drift));
            }
        }
        if (checks.contains(Check.CAPTURING)) {
            Capture capture = capture(set);
            List<TableRef> missing = capture.missing();
            if (!missing.isEmpty()) {
                throw new UuidswapException(ExitCode.WRONG_PHASE, command + ": capture triggers are missing on "
                        + missing.stream().map(TableRef::display).toList() + "; run prepare again to finish it");
            }
            List<TableRef> notAlways = capture.notAlways();
            if (!notAlways.isEmpty()) {
                throw new UuidswapException(ExitCode.BLOCKED, command + ": the capture triggers on "
                        + notAlways.stream().map(TableRef::display).toList() + " no longer fire always (disabled, or"
                        + " enabled again by ENABLE TRIGGER ALL): a write made meanwhile with triggers off or under"
                        + " session_replication_role = replica escaped them; run ALTER TABLE … ENABLE ALWAYS TRIGGER "
                        + ShadowBuilder.CAPTURE_TRIGGER.name() + ", ENABLE ALWAYS TRIGGER " + ShadowBuilder.CAPTURE_TRUNCATE_TRIGGER.name()
                        + " on each, then copy and verify again; nothing was changed");
            }
        }
        return new Opened(st, set);
    }

    public static Set<Check> none() {
        return EnumSet.noneOf(Check.class);
    }

    /** What changed, in one sentence for the DBA, with what to do. */
    public static String describe(MigrationState st, List<String> drift) {
        String what = String.join("; ", drift);
        return st.phase() == Phase.SWAPPED
                ? "the tables changed since the swap (" + what + "); the old tables do not follow such a change, so"
                        + " swap-back would lose it: undo it, or keep the new tables (finalize); nothing was changed"
                : "the tables changed since prepare (" + what + "); the shadows no longer match them: run abort, then"
                        + " prepare and copy again (or undo the change); nothing was changed";
    }

    /**
     * The phase is recorded in the swap's own transaction, so it cannot disagree with the renames;
     * this check says so loudly if anything else (a hand-made rename) made them disagree.
     */
    private void crossCheck(MigrationState st) {
        if (st.phase() == Phase.FINALIZED) {
            return;
        }
        TableRef old = ShadowBuilder.oldOf(st.parent());
        TableRef shadow = ShadowBuilder.shadowOf(st.parent());
        boolean[] exist = db.inTransaction(s -> new boolean[] {
                s.getMapper(CatalogMapper.class).relationExists(old),
                s.getMapper(CatalogMapper.class).relationExists(shadow)});
        boolean swapped = st.phase() == Phase.SWAPPED;
        if (swapped != exist[0] || swapped == exist[1]) {
            throw new UuidswapException(ExitCode.INTERNAL, "the state says " + st.phase().label()
                    + " but the catalog shows " + (exist[0] ? old.display() : "no " + old.display()) + " and "
                    + (exist[1] ? shadow.display() : "no " + shadow.display()) + "; fix by hand before going on");
        }
    }

    /**
     * The set, rediscovered by structure (foreign keys), so it holds whatever the live names point
     * to now. Waits at most the look's time for a table another session holds exclusively (exit 5
     * naming it): every command looks before it acts, status included, which must answer then.
     */
    public MigrationSet set(MigrationState st) {
        return GiveWay.reading(db, TransactionIsolationLevel.READ_COMMITTED, "inspecting the set", lookWait,
                s -> new Inspector(s.getMapper(CatalogMapper.class)).discover(st.parent(), st.key(), st.columns()));
    }

    /**
     * How the set and its tables differ from what was recorded (at prepare, or by the last swap or
     * swap-back): a table or converted column that joined or left the set, and each line of a
     * table's shape added (+) or gone (-). Empty when nothing changed.
     */
    public List<String> drift(MigrationState st, MigrationSet set) {
        List<String> out = new ArrayList<>();
        List<ColumnRef> recorded = st.columns();
        for (SetTable t : set.tables()) {
            for (ColumnRef c : t.convertedRefs()) {
                if (!recorded.contains(c)) {
                    out.add(c.display() + " now references the set (a foreign key added since prepare)");
                }
            }
        }
        List<TableRef> live = set.tables().stream().map(SetTable::ref).toList();
        List<TableState> tables = st.tables().stream().filter(t -> live.contains(t.table())).toList();
        Map<String, List<String>> now = shapes(tables.stream().map(TableState::table).toList());
        for (TableState t : tables) {
            if (t.shape().isEmpty()) {
                continue; // recorded by a uuidswap before shapes were: nothing to compare with
            }
            List<String> cur = now.getOrDefault(t.table().toString(), List.of()).stream().filter(Opener::checked).toList();
            List<String> was = t.shape().stream().filter(Opener::checked).toList();
            List<String> changes = new ArrayList<>();
            cur.stream().filter(l -> !was.contains(l)).forEach(l -> changes.add("+ " + l));
            was.stream().filter(l -> !cur.contains(l)).forEach(l -> changes.add("- " + l));
            if (!changes.isEmpty()) {
                out.add(t.table().display() + ": " + String.join(", ", changes));
            }
        }
        return out;
    }

    /**
     * Whether a shape line matters for the shadows: owner, grants, comment and the application's
     * triggers are carried over by the swap from the live table as they are then, so a change to
     * them needs no new copy.
     */
    static boolean checked(String line) {
        return !(line.startsWith("owner ") || line.startsWith("grants ") || line.startsWith("comment ")
                || line.startsWith("trigger "));
    }

    /** The shape lines of the given live tables, by qualified name. */
    public Map<String, List<String>> shapes(List<TableRef> tables) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (tables.isEmpty()) {
            return out;
        }
        db.inTransaction(s -> s.getMapper(CatalogMapper.class).shape(tables.stream().map(TableRef::toString).toList()))
                .forEach(l -> out.computeIfAbsent(l.relation(), k -> new ArrayList<>()).add(l.line()));
        return out;
    }

    /** Tables of the set whose capture triggers are missing, and those with one that does not fire always ('A'). */
    public record Capture(List<TableRef> missing, List<TableRef> notAlways) {
    }

    /** Tables of the set whose capture triggers are missing (a prepare that stopped half-way). */
    public List<TableRef> missingCapture(MigrationSet set) {
        return capture(set).missing();
    }

    /** One read of uuidswap's triggers. */
    public Capture capture(MigrationSet set) {
        List<String> names = List.of(ShadowBuilder.CAPTURE_TRIGGER.name(), ShadowBuilder.CAPTURE_TRUNCATE_TRIGGER.name());
        Map<String, String> enabled = new HashMap<>();
        db.inTransaction(s -> s.getMapper(CatalogMapper.class).triggersPresent())
                .forEach(r -> enabled.put(TableRef.of(r.schema(), r.table()) + "/" + r.trigger(), r.enabled()));
        List<TableRef> missing = new ArrayList<>();
        List<TableRef> notAlways = new ArrayList<>();
        for (SetTable t : set.tables()) {
            List<String> states = names.stream().map(n -> enabled.get(t.ref() + "/" + n)).toList();
            if (states.contains(null)) {
                missing.add(t.ref());
            } else if (states.stream().anyMatch(e -> !e.equals("A"))) {
                notAlways.add(t.ref());
            }
        }
        return new Capture(missing, notAlways);
    }
}
