package dev.uuidswap.swap;

import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.catalog.Model.DependentView;
import dev.uuidswap.catalog.Model.ForeignKey;
import dev.uuidswap.catalog.Model.Index;
import dev.uuidswap.catalog.Model.Sequence;
import dev.uuidswap.catalog.Model.TableInfo;
import dev.uuidswap.catalog.Model.Trigger;
import dev.uuidswap.copy.CopyColumn;
import dev.uuidswap.db.DdlStep;
import dev.uuidswap.model.CatalogSql;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.Literal;
import dev.uuidswap.model.Names;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.shadow.ShadowBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The statements of one swap transaction, both ways. The outgoing tables are the live ones now;
 * the incoming ones take their names. Forward: live → {@code _old}, shadow → live. Back: live →
 * {@code _new}, {@code _old} → live. Views and inbound foreign keys are dropped before the renames
 * and recreated after them from their text, so they bind to the incoming tables (pg-osc #81);
 * index, constraint and sequence names end exactly as they were (pg-osc #20).
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
            List<Index> ix = i.indexes().stream().map(x -> new Index(Names.shadow(x.name()), x.unique(), x.primary(),
                    x.constraintType(), x.constraintName() == null ? null : Names.shadow(x.constraintName()), x.deferrable(),
                    x.deferred(), x.constraintDef(), x.using(), x.columns(), x.partial(), x.bytes())).toList();
            List<Sequence> seqs = i.sequences().stream().filter(Sequence::identity).map(q -> new Sequence(
                    shadow.withTable(Names.suffixed(Ident.of(shadow.table().name() + "_" + q.column().name()), "_seq")),
                    q.column(), true)).toList();
            in.put(t.ref(), new TableInfo(shadow, i.oid(), i.relkind(), i.inherited(), i.partition(), i.owner(), i.options(),
                    i.comment(), i.estRows(), i.heapBytes(), i.totalBytes(), i.rowSecurity(), i.columns(), i.primaryKey(), ix,
                    i.checks(), List.of(), i.grants(), seqs, i.rules(), i.policies(), i.publications()));
        }
        List<DdlStep> steps = new ArrayList<>();
        steps.add(step("lockExclusive", Map.of("tables", Swapper.lockOrder(set, Direction.FORWARD))));
        steps.addAll(new SwapScript(Direction.FORWARD, set, in, builder).steps(List.of()));
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

    /** Every statement inside the lock, after the drain. */
    public List<DdlStep> steps(List<String> compatCasts) {
        List<DdlStep> s = new ArrayList<>();
        List<DependentView> views = new ArrayList<>(set.views());
        views.sort(Comparator.comparingInt(DependentView::level).reversed());
        views.forEach(v -> s.add(step("dropView", Map.of("view", v.view()))));
        set.inboundFks().forEach(fk -> s.add(step("dropConstraint", Map.of("table", fk.from(), "name", fk.name()))));
        for (SetTable t : set.tables()) {
            TableRef live = t.ref();
            if (dir == Direction.BACK) {
                set.ownFks().stream().filter(fk -> fk.from().equals(live))
                        .forEach(fk -> s.add(step("dropConstraint", Map.of("table", live, "name", fk.name()))));
            }
            List<Ident> ours = dir == Direction.FORWARD
                    ? List.of(ShadowBuilder.CAPTURE_TRIGGER, ShadowBuilder.CAPTURE_TRUNCATE_TRIGGER)
                    : List.of(REVERSE_TRIGGER, REVERSE_TRUNCATE_TRIGGER);
            ours.forEach(tr -> s.add(DdlStep.of(dev.uuidswap.shadow.ShadowMapper.class, "dropTrigger",
                    Map.of("trigger", tr, "table", live))));
            for (Trigger tr : userTriggers(t.info())) {
                if (dir == Direction.BACK) {
                    s.add(DdlStep.of(dev.uuidswap.shadow.ShadowMapper.class, "dropTrigger", Map.of("trigger", tr.name(), "table", live)));
                } else if (!"D".equals(tr.enabled())) {
                    // The old table must not run the application's triggers a second time for mirrored rows.
                    s.add(step("disableTrigger", Map.of("table", live, "trigger", tr.name())));
                }
            }
        }
        for (SetTable t : set.tables()) {
            renameOut(s, t);
        }
        for (SetTable t : set.tables()) {
            renameIn(s, t);
        }
        for (SetTable t : set.tables()) {
            sequences(s, t);
        }
        if (dir == Direction.FORWARD) {
            set.ownFks().forEach(fk -> s.add(addFk(fk)));
        }
        set.inboundFks().forEach(fk -> s.add(addFk(fk)));
        for (SetTable t : set.tables()) {
            TableRef live = t.ref();
            for (Trigger tr : userTriggers(t.info())) {
                if (dir == Direction.FORWARD) {
                    s.add(step("createTrigger", Map.of("definition", tr.definition())));
                    if ("D".equals(tr.enabled())) {
                        s.add(step("disableTrigger", Map.of("table", live, "trigger", tr.name())));
                    }
                } else if (!"D".equals(tr.enabled())) {
                    s.add(step("enableTrigger", Map.of("table", live, "trigger", tr.name())));
                }
            }
            s.add(DdlStep.of(dev.uuidswap.shadow.ShadowMapper.class, "owner", Map.of("table", live, "owner", t.info().owner())));
            s.addAll(ShadowBuilder.grants(t.info().grants(), live));
        }
        views.sort(Comparator.comparingInt(DependentView::level));
        for (DependentView v : views) {
            Map<String, Object> p = new HashMap<>();
            p.put("view", v.view());
            p.put("definition", v.definition());
            p.put("options", v.options().stream().map(CatalogSql::new).toList());
            s.add(step("createView", p));
            s.add(step("viewOwner", Map.of("view", v.view(), "owner", v.owner())));
            s.addAll(ShadowBuilder.grants(v.grants(), v.view()));
            if (v.comment() != null) {
                s.add(step("commentOnView", Map.of("view", v.view(), "comment", new Literal(v.comment()))));
            }
        }
        for (SetTable t : set.tables()) {
            if (dir == Direction.FORWARD) {
                s.addAll(reverseTriggers(t));
            } else {
                s.addAll(builder.captureTriggers(t));
            }
        }
        for (String c : compatCasts) {
            s.add(step("createCast", Map.of("source", new CatalogSql(c.equals("text") ? "text" : "varchar"))));
        }
        return s;
    }

    /** The statements after commit: validate the foreign keys added NOT VALID. */
    public List<DdlStep> validations() {
        List<DdlStep> s = new ArrayList<>();
        List<ForeignKey> fks = new ArrayList<>(set.inboundFks());
        if (dir == Direction.FORWARD) {
            fks.addAll(set.ownFks());
        }
        for (ForeignKey fk : fks) {
            if (fk.validated()) {
                s.add(step("validateConstraint", Map.of("table", fk.from(), "name", fk.name())));
            }
        }
        return s;
    }

    private void renameOut(List<DdlStep> s, SetTable t) {
        TableRef live = t.ref();
        TableRef out = live.withTable(outName(live.table()));
        TableInfo in = incoming.get(live);
        s.add(step("renameTable", Map.of("table", live, "to", out.table())));
        for (Index ix : t.info().indexes()) {
            if (counterpart(in, ix.name()).isPresent()) {
                rename(s, out, ix, ix.name(), outName(ix.name()));
            }
        }
    }

    private void renameIn(List<DdlStep> s, SetTable t) {
        TableRef live = t.ref();
        TableInfo in = incoming.get(live);
        s.add(step("renameTable", Map.of("table", incomingRef(dir, live), "to", live.table())));
        for (Index ix : t.info().indexes()) {
            Optional<Index> c = counterpart(in, ix.name());
            c.ifPresent(x -> rename(s, live, x, x.name(), ix.name()));
        }
    }

    private Optional<Index> counterpart(TableInfo in, Ident liveIndex) {
        Ident want = inName(liveIndex);
        return in.indexes().stream().filter(x -> x.name().equals(want)).findFirst();
    }

    /** Constraint-backed indexes are renamed through their constraint (which renames the index too). */
    private static void rename(List<DdlStep> s, TableRef table, Index ix, Ident from, Ident to) {
        if (ix.constraintType() != null) {
            s.add(step("renameConstraint", Map.of("table", table, "from", from, "to", to)));
        } else {
            s.add(step("renameIndex", Map.of("index", table.withTable(from), "to", to)));
        }
    }

    /** Identity values carried and names kept (pg-osc #71); serial sequences change owner so finalize keeps them. */
    private void sequences(List<DdlStep> s, SetTable t) {
        TableInfo in = incoming.get(t.ref());
        for (Sequence seq : t.info().sequences()) {
            if (!seq.identity()) {
                s.add(step("sequenceOwnedBy", Map.of("sequence", seq.sequence(), "table", t.ref(), "column", seq.column())));
                continue;
            }
            in.sequences().stream().filter(x -> x.identity() && x.column().equals(seq.column())).findFirst().ifPresent(x -> {
                s.add(step("carrySequence", Map.of("from", seq.sequence(), "to", new Literal(x.sequence().toString()))));
                s.add(step("renameSequence", Map.of("sequence", seq.sequence(), "to", outName(seq.sequence().table()))));
                s.add(step("renameSequence", Map.of("sequence", x.sequence(), "to", seq.sequence().table())));
            });
        }
    }

    private static DdlStep addFk(ForeignKey fk) {
        boolean alreadyNotValid = fk.definition().text().endsWith("NOT VALID");
        return step("addForeignKey", Map.of("table", fk.from(), "name", fk.name(), "definition", fk.definition(),
                "notValid", !alreadyNotValid));
    }

    private List<DdlStep> reverseTriggers(SetTable t) {
        TableRef live = t.ref();
        TableRef fn = new TableRef(ShadowBuilder.STATE_SCHEMA, Names.reverseFunction(live));
        List<CopyColumn> cols = CopyColumn.of(t);
        List<CopyColumn> updatable = cols.stream().filter(c -> !t.info().column(c.name()).isIdentity()).toList();
        Map<String, Object> p = new HashMap<>();
        p.put("function", fn);
        p.put("old", live.withTable(Names.old(live.table())));
        p.put("key", ShadowBuilder.logKey(t));
        p.put("columns", cols);
        p.put("updatable", updatable.isEmpty() ? cols : updatable);
        p.put("overriding", CopyColumn.needsOverriding(t));
        return List.of(step("createReverseFunction", p),
                DdlStep.of(dev.uuidswap.shadow.ShadowMapper.class, "createRowTrigger",
                        Map.of("trigger", REVERSE_TRIGGER, "table", live, "function", fn)),
                DdlStep.of(dev.uuidswap.shadow.ShadowMapper.class, "createTruncateTrigger",
                        Map.of("trigger", REVERSE_TRUNCATE_TRIGGER, "table", live, "function", fn)));
    }

    /** The application's own triggers: everything that is not uuidswap's. */
    static List<Trigger> userTriggers(TableInfo t) {
        return t.triggers().stream().filter(tr -> !tr.name().name().startsWith("uuidswap_")).toList();
    }

    static DdlStep step(String id, Object param) {
        return DdlStep.of(SwapMapper.class, id, param);
    }
}
