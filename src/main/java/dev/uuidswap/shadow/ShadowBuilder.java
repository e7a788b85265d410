package dev.uuidswap.shadow;

import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.catalog.Model.Column;
import dev.uuidswap.catalog.Model.Grant;
import dev.uuidswap.catalog.Model.Index;
import dev.uuidswap.catalog.Model.TableInfo;
import dev.uuidswap.db.DdlStep;
import dev.uuidswap.model.CatalogSql;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.KeyColumn;
import dev.uuidswap.model.Literal;
import dev.uuidswap.model.Names;
import dev.uuidswap.model.Privilege;
import dev.uuidswap.model.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shadow builder: the DDL that makes {@code <table>_new} with uuid columns, its change log and
 * capture triggers (prepare), and the indexes and constraints built after the bulk copy. It only
 * produces steps; the orchestrators run them, and the plan prints them.
 */
public final class ShadowBuilder {
    /** The state schema that holds change logs and trigger functions. */
    public static final Ident STATE_SCHEMA = Ident.of("uuidswap");

    private final boolean fkIndexes;

    public ShadowBuilder(boolean fkIndexes) {
        this.fkIndexes = fkIndexes;
    }

    public static TableRef shadowOf(TableRef live) {
        return live.withTable(Names.shadow(live.table()));
    }

    public static TableRef logOf(TableRef live) {
        return new TableRef(STATE_SCHEMA, Names.log(live));
    }

    public static TableRef captureFunctionOf(TableRef live) {
        return new TableRef(STATE_SCHEMA, Names.captureFunction(live));
    }

    /** The key columns of a table's change log. */
    public static List<KeyColumn> logKey(SetTable t) {
        List<Ident> pk = t.info().primaryKey();
        return java.util.stream.IntStream.range(0, pk.size()).mapToObj(i -> new KeyColumn(pk.get(i),
                KeyColumn.logName(i), new CatalogSql(t.info().column(pk.get(i)).type()), t.isConverted(pk.get(i)))).toList();
    }

    /** The shadow table with every column, default, check, storage option, owner, grant, comment. */
    public List<DdlStep> shadowTable(SetTable t) {
        TableInfo info = t.info();
        TableRef shadow = shadowOf(t.ref());
        List<DdlStep> s = new ArrayList<>();
        s.add(step("createShadow", Map.of("shadow", shadow, "live", t.ref())));
        for (Ident c : t.converted()) {
            Column col = info.column(c);
            if (col.defaultExpr() != null) {
                // A text default cannot be cast automatically by ALTER TYPE; it is set again as uuid.
                s.add(step("dropDefault", Map.of("table", shadow, "column", c)));
            }
            s.add(step("toUuid", Map.of("table", shadow, "column", c)));
            if (col.defaultExpr() != null) {
                s.add(step("setUuidDefault", Map.of("table", shadow, "column", c, "expr", col.defaultExpr())));
            }
        }
        for (String opt : info.options()) {
            s.add(step("setOption", Map.of("table", shadow, "option", new CatalogSql(opt))));
        }
        s.add(step("owner", Map.of("table", shadow, "owner", info.owner())));
        s.addAll(grants(info.grants(), shadow));
        if (info.comment() != null) {
            s.add(step("commentOnTable", Map.of("table", shadow, "comment", new Literal(info.comment()))));
        }
        return s;
    }

    public static List<DdlStep> grants(List<Grant> grants, TableRef table) {
        List<DdlStep> s = new ArrayList<>();
        for (Grant g : grants) {
            Map<String, Object> p = new java.util.HashMap<>();
            p.put("table", table);
            p.put("privilege", Privilege.of(g.privilege()));
            p.put("grantee", g.grantee());
            p.put("grantable", g.grantable());
            s.add(step("grant", p));
        }
        return s;
    }

    /** Change log, capture function and triggers of one live table. */
    public List<DdlStep> captureLog(SetTable t) {
        TableRef log = logOf(t.ref());
        return List.of(step("createLog", Map.of("log", log, "key", logKey(t))),
                step("createCaptureFunction", Map.of("function", captureFunctionOf(t.ref()), "log", log,
                        "key", logKey(t))));
    }

    /** The triggers themselves: each takes a brief lock on the live table, so each runs on its own with lock_timeout. */
    public List<DdlStep> captureTriggers(SetTable t) {
        TableRef fn = captureFunctionOf(t.ref());
        return List.of(
                step("createRowTrigger", Map.of("trigger", CAPTURE_TRIGGER, "table", t.ref(), "function", fn)),
                step("createTruncateTrigger", Map.of("trigger", CAPTURE_TRUNCATE_TRIGGER, "table", t.ref(), "function", fn)));
    }

    public static final Ident CAPTURE_TRIGGER = Ident.of("uuidswap_capture");
    public static final Ident CAPTURE_TRUNCATE_TRIGGER = Ident.of("uuidswap_capture_truncate");

    /** Indexes and index-backed constraints of the live table, rebuilt on the shadow after the copy. */
    public List<DdlStep> indexes(SetTable t, MigrationSet set) {
        TableRef shadow = shadowOf(t.ref());
        List<DdlStep> s = new ArrayList<>();
        for (Index ix : t.info().indexes()) {
            Ident name = Names.shadow(ix.name());
            if ("x".equals(ix.constraintType())) {
                s.add(step("addConstraint", Map.of("table", shadow, "name", name, "definition", ix.constraintDef())));
                continue;
            }
            s.add(step("createIndex", Map.of("table", shadow, "name", name, "unique", ix.unique(), "using", ix.using())));
            if ("p".equals(ix.constraintType()) || "u".equals(ix.constraintType())) {
                s.add(step("addConstraintUsingIndex", Map.of("table", shadow, "name", name,
                        "kind", new CatalogSql("p".equals(ix.constraintType()) ? "PRIMARY KEY" : "UNIQUE"),
                        "deferrable", ix.deferrable(), "deferred", ix.deferred())));
            }
        }
        for (List<Ident> cols : missingFkIndexes(t, set)) {
            s.add(step("createFkIndex", Map.of("table", shadow, "name", Names.fkIndex(t.ref().table(), cols.get(0)),
                    "columns", cols)));
        }
        s.add(step("analyze", Map.of("table", shadow)));
        return s;
    }

    /** Converted foreign-key columns no index starts with (the sample schema has two). */
    public List<List<Ident>> missingFkIndexes(SetTable t, MigrationSet set) {
        List<List<Ident>> out = new ArrayList<>();
        if (!fkIndexes) {
            return out;
        }
        set.ownFks().stream().filter(fk -> fk.from().equals(t.ref()))
                .filter(fk -> fk.fromColumns().stream().anyMatch(t::isConverted))
                .filter(fk -> t.info().indexes().stream().noneMatch(ix -> !ix.partial()
                        && ix.columns().size() >= fk.fromColumns().size()
                        && ix.columns().subList(0, fk.fromColumns().size()).equals(fk.fromColumns())))
                .map(fk -> fk.fromColumns())
                .distinct()
                .forEach(out::add);
        return out;
    }

    private static DdlStep step(String id, Object param) {
        return DdlStep.of(ShadowMapper.class, id, param);
    }
}
