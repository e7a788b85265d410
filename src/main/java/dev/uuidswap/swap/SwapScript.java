package dev.uuidswap.swap;

import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.catalog.Model.DependentView;
import dev.uuidswap.catalog.Model.ForeignKey;
import dev.uuidswap.catalog.Model.Grant;
import dev.uuidswap.catalog.Model.Index;
import dev.uuidswap.catalog.Model.Sequence;
import dev.uuidswap.catalog.Model.TableInfo;
import dev.uuidswap.catalog.Model.Trigger;
import dev.uuidswap.catalog.Spellings;
import dev.uuidswap.copy.CopyColumn;
import dev.uuidswap.db.DdlStep;
import dev.uuidswap.model.CatalogSql;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.Literal;
import dev.uuidswap.model.Names;
import dev.uuidswap.model.Privilege;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.shadow.ShadowBuilder;
import dev.uuidswap.shadow.ShadowDdl;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The statements of one swap transaction, both ways. The outgoing tables are the live ones now;
 * the incoming ones take their names. Forward: live → {@code _old}, shadow → live. Back: live →
 * {@code _new}, {@code _old} → live. Views and inbound foreign keys are dropped before the renames
 * and recreated after them from their text, so they bind to the incoming tables (pg-osc #81);
 * index, constraint and sequence names end exactly as they were (pg-osc #20).
 *
 * <p>While the old tables are mirrored (after a forward swap), their foreign keys are deferred
 * checks without actions: the reverse triggers apply a statement's rows one at a time, so a
 * statement that writes a child before its parent (a self-reference inserted child first, a CTE,
 * a NO ACTION delete of both) would fail on the old side where it succeeds on the live one.
 * Checked at commit, the old side holds at every commit. Swap-back gives them their own
 * definitions again (NOT VALID, validated after commit).
 */
public final class SwapScript {
    public enum Direction { FORWARD, BACK }

    public static final Ident REVERSE_TRIGGER = Ident.of("uuidswap_reverse");
    public static final Ident REVERSE_TRUNCATE_TRIGGER = Ident.of("uuidswap_reverse_truncate");

    private final Direction dir;
    private final MigrationSet set;
    private final Map<TableRef, TableInfo> incoming;
    private final ShadowBuilder builder;

    /** {@code set}: the set as the live (outgoing) tables show it; {@code incoming}: the table that takes each live name. */
    public SwapScript(Direction dir, MigrationSet set, Map<TableRef, TableInfo> incoming, ShadowBuilder builder) {
        this.dir = dir;
        this.set = set;
        this.incoming = incoming;
        this.builder = builder;
    }

    /**
     * The forward script as the plan shows it, before any shadow exists: the shadows' index and
     * identity-sequence names are the ones prepare and copy will give them.
     */
    public static List<DdlStep> previewForward(MigrationSet set, ShadowBuilder builder) {
        Map<TableRef, TableInfo> in = new HashMap<>();
        for (SetTable t : set.tables()) {
            TableInfo i = t.info();
            TableRef shadow = incomingRef(Direction.FORWARD, t.ref());
            List<Index> ix = i.indexes().stream().map(x -> x.renamed(Names.shadow(x.name()),
                    x.constraintName() == null ? null : Names.shadow(x.constraintName()))).toList();
            List<Sequence> seqs = i.sequences().stream().filter(Sequence::identity).map(q -> new Sequence(
                    shadow.withTable(Names.suffixed(Ident.of(shadow.table().name() + "_" + q.column().name()), "_seq")),
                    q.column(), true)).toList();
            in.put(t.ref(), i.as(shadow, ix, seqs, List.of()));
        }
        SwapScript script = new SwapScript(Direction.FORWARD, set, in, builder);
        // The swap's last catch-up commits on a session of its own between the barrier and the functions.
        List<DdlStep> steps = new ArrayList<>(List.of(SwapDdl.lockShare(WriteBarrier.tables(set))));
        steps.addAll(script.functions());
        steps.add(SwapDdl.lockExclusive(Swapper.lockOrder(set, Direction.FORWARD)));
        steps.addAll(script.steps(List.of()));
        return steps;
    }

    Ident outName(Ident live) {
        return dir == Direction.FORWARD ? Names.old(live) : Names.shadow(live);
    }

    Ident inName(Ident live) {
        return dir == Direction.FORWARD ? Names.shadow(live) : Names.old(live);
    }

    public static TableRef incomingRef(Direction dir, TableRef live) {
        return live.withTable(dir == Direction.FORWARD ? Names.shadow(live.table()) : Names.old(live.table()));
    }

    /** The reverse functions (forward only), made before the exclusive locks: they lock nothing. */
    public List<DdlStep> functions() {
        return dir == Direction.FORWARD ? set.tables().stream().map(this::reverseFunction).toList() : List.of();
    }

    /** Every statement inside the lock, after the drain. */
    public List<DdlStep> steps(List<String> compatCasts) {
        List<DdlStep> s = new ArrayList<>();
        List<DependentView> views = new ArrayList<>(set.views());
        views.sort(Comparator.comparingInt(DependentView::level).reversed());
        views.forEach(v -> s.add(SwapDdl.dropView(v.view())));
        set.inboundFks().forEach(fk -> s.add(SwapDdl.dropConstraint(fk.from(), fk.name())));
        for (SetTable t : set.tables()) {
            TableRef live = t.ref();
            if (dir == Direction.BACK) {
                ownFks(live).forEach(fk -> s.add(SwapDdl.dropConstraint(live, fk.name())));
                s.addAll(dropReverseTriggers(live));
            } else {
                s.addAll(ShadowBuilder.dropCaptureTriggers(live));
            }
            for (Trigger tr : userTriggers(t.info())) {
                if (dir == Direction.BACK) {
                    s.add(ShadowDdl.dropTrigger(tr.name(), live));
                } else if (!"D".equals(tr.enabled())) {
                    // The old table must not run the application's triggers a second time for mirrored rows.
                    s.add(SwapDdl.disableTrigger(live, tr.name()));
                }
            }
        }
        set.tables().forEach(t -> renameOut(s, t));
        set.tables().forEach(t -> renameIn(s, t));
        set.tables().forEach(t -> sequences(s, t));
        if (dir == Direction.FORWARD) {
            set.ownFks().forEach(fk -> s.add(SwapDdl.addForeignKey(fk.from(), fk.name(), fk.declared())));
            set.ownFks().forEach(fk -> deferOnOldSide(s, fk));
        } else {
            // The live tables are the old ones again: their own keys as declared.
            set.ownFks().forEach(fk -> {
                s.add(SwapDdl.dropConstraint(fk.from(), fk.name()));
                s.add(SwapDdl.addForeignKey(fk.from(), fk.name(), fk.declared()));
            });
        }
        set.inboundFks().forEach(fk -> s.add(SwapDdl.addForeignKey(fk.from(), fk.name(), fk.declared())));
        for (SetTable t : set.tables()) {
            TableRef live = t.ref();
            for (Trigger tr : userTriggers(t.info())) {
                if (dir == Direction.FORWARD) {
                    s.add(SwapDdl.createTrigger(tr.definition()));
                    if ("D".equals(tr.enabled())) {
                        s.add(SwapDdl.disableTrigger(live, tr.name()));
                    }
                } else if (!"D".equals(tr.enabled())) {
                    s.add(SwapDdl.enableTrigger(live, tr.name()));
                }
            }
            // Owner, grants and comment as the outgoing table has them now: changes made since prepare
            // (a grant to a new role, a revoke) hold across the swap, both ways.
            s.add(ShadowDdl.owner(live, t.info().owner()));
            for (Grant g : incoming.get(live).grants()) {
                if (!t.info().grants().contains(g)) {
                    s.add(ShadowDdl.revoke(live, Privilege.of(g.privilege()), g.grantee()));
                }
            }
            s.addAll(ShadowBuilder.grants(t.info().grants(), live));
            if (!Objects.equals(incoming.get(live).comment(), t.info().comment())) {
                s.add(ShadowDdl.commentOnTable(live, t.info().comment() == null ? null : new Literal(t.info().comment())));
            }
        }
        views.sort(Comparator.comparingInt(DependentView::level));
        for (DependentView v : views) {
            s.add(SwapDdl.createView(v.view(), v.definition(), v.options().stream().map(CatalogSql::new).toList()));
            s.add(SwapDdl.viewOwner(v.view(), v.owner()));
            s.addAll(ShadowBuilder.grants(v.grants(), v.view()));
            if (v.comment() != null) {
                s.add(SwapDdl.commentOnView(v.view(), new Literal(v.comment())));
            }
        }
        for (SetTable t : set.tables()) {
            s.addAll(dir == Direction.FORWARD ? reverseTriggers(t) : builder.captureTriggers(t));
        }
        compatCasts.forEach(c -> s.add(SwapDdl.createCast(c)));
        return s;
    }

    private List<ForeignKey> ownFks(TableRef table) {
        return set.ownFks().stream().filter(fk -> fk.from().equals(table)).toList();
    }

    /** The old table's copy of an own key, after the renames: a deferred check without actions. */
    private void deferOnOldSide(List<DdlStep> s, ForeignKey fk) {
        TableRef from = ShadowBuilder.oldOf(fk.from());
        TableRef to = set.contains(fk.to()) ? ShadowBuilder.oldOf(fk.to()) : fk.to();
        s.add(SwapDdl.dropConstraint(from, fk.name()));
        s.add(SwapDdl.addDeferredKey(from, fk.name(), fk.fromColumns(), to, fk.toColumns(), fk.matchFull()));
    }

    /** The keys added NOT VALID by this script, to validate after commit. */
    public List<ForeignKey> validations() {
        List<ForeignKey> fks = new ArrayList<>(set.inboundFks());
        fks.addAll(set.ownFks());
        return fks;
    }

    private void renameOut(List<DdlStep> s, SetTable t) {
        TableRef live = t.ref();
        TableRef out = live.withTable(outName(live.table()));
        TableInfo in = incoming.get(live);
        s.add(SwapDdl.renameTable(live, out.table()));
        for (Index ix : t.info().indexes()) {
            if (counterpart(in, ix.name()).isPresent()) {
                rename(s, out, ix, ix.name(), outName(ix.name()));
            }
        }
    }

    private void renameIn(List<DdlStep> s, SetTable t) {
        TableRef live = t.ref();
        TableInfo in = incoming.get(live);
        s.add(SwapDdl.renameTable(incomingRef(dir, live), live.table()));
        for (Index ix : t.info().indexes()) {
            counterpart(in, ix.name()).ifPresent(x -> rename(s, live, x, x.name(), ix.name()));
        }
    }

    private Optional<Index> counterpart(TableInfo in, Ident liveIndex) {
        Ident want = inName(liveIndex);
        return in.indexes().stream().filter(x -> x.name().equals(want)).findFirst();
    }

    /** Constraint-backed indexes are renamed through their constraint (which renames the index too). */
    private static void rename(List<DdlStep> s, TableRef table, Index ix, Ident from, Ident to) {
        if (ix.constraintType() != null) {
            s.add(SwapDdl.renameConstraint(table, from, to));
        } else {
            s.add(SwapDdl.renameIndex(table.withTable(from), to));
        }
    }

    /** Identity values carried and names kept (pg-osc #71); serial sequences change owner so finalize keeps them. */
    private void sequences(List<DdlStep> s, SetTable t) {
        TableInfo in = incoming.get(t.ref());
        for (Sequence seq : t.info().sequences()) {
            if (!seq.identity()) {
                s.add(SwapDdl.sequenceOwnedBy(seq.sequence(), t.ref(), seq.column()));
                continue;
            }
            in.sequences().stream().filter(x -> x.identity() && x.column().equals(seq.column())).findFirst().ifPresent(x -> {
                s.add(SwapDdl.carrySequence(seq.sequence(), x.sequence()));
                s.add(SwapDdl.renameSequence(seq.sequence(), outName(seq.sequence().table())));
                s.add(SwapDdl.renameSequence(x.sequence(), seq.sequence().table()));
            });
        }
    }

    public static TableRef reverseFunctionOf(TableRef live) {
        return new TableRef(ShadowBuilder.STATE_SCHEMA, Names.reverseFunction(live));
    }

    private DdlStep reverseFunction(SetTable t) {
        List<Spellings.Column> cols = Spellings.columns(set, t, CopyColumn.of(t).stream().map(CopyColumn::name).toList());
        List<Spellings.Column> updatable = cols.stream().filter(c -> !t.info().column(c.name()).isIdentity()).toList();
        List<Spellings.Column> key = Spellings.columns(set, t, t.info().primaryKey());
        return SwapDdl.createReverseFunction(reverseFunctionOf(t.ref()), ShadowBuilder.oldOf(t.ref()), key, cols,
                updatable.isEmpty() ? cols : updatable, CopyColumn.needsOverriding(t), Spellings.ownedBy(set, t.ref()));
    }

    private List<DdlStep> reverseTriggers(SetTable t) {
        TableRef live = t.ref();
        TableRef fn = reverseFunctionOf(live);
        return List.of(
                ShadowDdl.createRowTrigger(REVERSE_TRIGGER, live, fn),
                ShadowDdl.createTruncateTrigger(REVERSE_TRUNCATE_TRIGGER, live, fn),
                ShadowDdl.fireAlways(live, REVERSE_TRIGGER, REVERSE_TRUNCATE_TRIGGER));
    }

    /** The reverse triggers of one live table, dropped (swap-back, finalize). */
    public static List<DdlStep> dropReverseTriggers(TableRef live) {
        return List.of(ShadowDdl.dropTrigger(REVERSE_TRIGGER, live), ShadowDdl.dropTrigger(REVERSE_TRUNCATE_TRIGGER, live));
    }

    /** The reverse function of one table, dropped (finalize, abort after a swap-back). */
    public static DdlStep dropReverseFunction(TableRef live) {
        return ShadowDdl.dropFunction(reverseFunctionOf(live));
    }

    /** The application's own triggers: everything that is not uuidswap's. */
    static List<Trigger> userTriggers(TableInfo t) {
        return t.triggers().stream().filter(tr -> !tr.name().name().startsWith("uuidswap_")).toList();
    }
}
