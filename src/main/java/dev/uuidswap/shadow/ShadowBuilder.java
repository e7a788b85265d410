package dev.uuidswap.shadow;

import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.catalog.Model.Column;
import dev.uuidswap.catalog.Model.Grant;
import dev.uuidswap.catalog.Model.Index;
import dev.uuidswap.catalog.Model.TableInfo;
import dev.uuidswap.catalog.Spellings;
import dev.uuidswap.db.DdlStep;
import dev.uuidswap.model.CatalogSql;
import dev.uuidswap.model.ColumnRef;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.KeyColumn;
import dev.uuidswap.model.Literal;
import dev.uuidswap.model.Names;
import dev.uuidswap.model.Privilege;
import dev.uuidswap.model.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The shadow builder: the DDL that makes {@code <table>_new} with uuid columns, its change log and
 * capture triggers (prepare), the indexes and constraints built after the bulk copy, and the
 * teardown of all of it (abort, finalize). It only produces steps; the orchestrators run them and
 * the plan prints them. Shadows, their indexes and the change logs go where the live objects are,
 * or into the tablespace the DBA names.
 */
public final class ShadowBuilder {
    /** The state schema that holds change logs and trigger functions. */
    public static final Ident STATE_SCHEMA = Names.STATE_SCHEMA;
    public static final Ident CAPTURE_TRIGGER = Ident.of("uuidswap_capture");
    public static final Ident CAPTURE_TRUNCATE_TRIGGER = Ident.of("uuidswap_capture_truncate");

    private final boolean fkIndexes;
    private final Ident tablespace;

    /** {@code tablespace}: where every shadow object goes; null means next to its live counterpart. */
    public ShadowBuilder(boolean fkIndexes, Ident tablespace) {
        this.fkIndexes = fkIndexes;
        this.tablespace = tablespace;
    }

    public static TableRef shadowOf(TableRef live) {
        return live.withTable(Names.shadow(live.table()));
    }

    public static TableRef oldOf(TableRef live) {
        return live.withTable(Names.old(live.table()));
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
        return IntStream.range(0, pk.size()).mapToObj(i -> new KeyColumn(pk.get(i), KeyColumn.logName(i),
                new CatalogSql(t.info().column(pk.get(i)).type()), t.isConverted(pk.get(i)))).toList();
    }

    /** The tablespace the DBA named for every shadow object, or null. */
    public Ident tablespace() {
        return tablespace;
    }

    /** Where the shadow of {@code t} and its change log go. */
    public Ident tablespaceOf(SetTable t) {
        return tablespace != null ? tablespace : t.info().tablespace();
    }

    /** The shadow table with every column, default, check, storage option, owner, grant, comment. */
    public List<DdlStep> shadowTable(SetTable t) {
        return shadowTable(t, shadowOf(t.ref()));
    }

    /** The same statements for another name (the plan's trial run builds it as a temporary table). */
    public List<DdlStep> shadowTable(SetTable t, TableRef shadow) {
        TableInfo info = t.info();
        boolean temporary = shadow.schema().name().equals("pg_temp");
        List<DdlStep> s = new ArrayList<>();
        s.add(ShadowDdl.createShadow(shadow, t.ref(), temporary ? null : tablespaceOf(t)));
        for (Ident c : t.converted()) {
            Column col = info.column(c);
            if (col.defaultExpr() != null) {
                // A text default cannot be cast automatically by ALTER TYPE; it is set again as uuid.
                s.add(ShadowDdl.dropDefault(shadow, c));
            }
            s.add(ShadowDdl.toUuid(shadow, c));
            if (col.defaultExpr() != null) {
                s.add(ShadowDdl.setUuidDefault(shadow, c, col.defaultExpr()));
            }
        }
        for (String opt : info.options()) {
            s.add(ShadowDdl.setOption(shadow, new CatalogSql(opt)));
        }
        if (!temporary) {
            s.add(ShadowDdl.owner(shadow, info.owner()));
            s.addAll(grants(info.grants(), shadow));
        }
        if (info.comment() != null) {
            s.add(ShadowDdl.commentOnTable(shadow, new Literal(info.comment())));
        }
        return s;
    }

    public static List<DdlStep> grants(List<Grant> grants, TableRef table) {
        return grants.stream().map(g -> ShadowDdl.grant(table, Privilege.of(g.privilege()), g.grantee(), g.grantable())).toList();
    }

    /** Change log, capture function and the spelling maps of one live table's key columns. */
    public List<DdlStep> captureLog(SetTable t, MigrationSet set) {
        TableRef log = logOf(t.ref());
        List<DdlStep> s = new ArrayList<>(List.of(ShadowDdl.createLog(log, logKey(t), tablespaceOf(t)),
                ShadowDdl.createCaptureFunction(captureFunctionOf(t.ref()), log, logKey(t))));
        Spellings.ownedBy(set, t.ref()).forEach(m -> s.add(ShadowDdl.createSpelling(m.table(), tablespaceOf(t))));
        return s;
    }

    /**
     * The triggers themselves, dropped first so that running them again (a prepare continued, a
     * swap-back) cannot fail half-way: each takes a brief lock on the live table.
     */
    public List<DdlStep> captureTriggers(SetTable t) {
        TableRef fn = captureFunctionOf(t.ref());
        return List.of(
                ShadowDdl.dropTrigger(CAPTURE_TRIGGER, t.ref()),
                ShadowDdl.dropTrigger(CAPTURE_TRUNCATE_TRIGGER, t.ref()),
                ShadowDdl.createRowTrigger(CAPTURE_TRIGGER, t.ref(), fn),
                ShadowDdl.createTruncateTrigger(CAPTURE_TRUNCATE_TRIGGER, t.ref(), fn),
                ShadowDdl.fireAlways(t.ref(), CAPTURE_TRIGGER, CAPTURE_TRUNCATE_TRIGGER));
    }

    /** Indexes and index-backed constraints of the live table, rebuilt on the shadow after the copy. */
    public List<DdlStep> indexes(SetTable t, MigrationSet set) {
        return indexes(t, set, shadowOf(t.ref()));
    }

    public List<DdlStep> indexes(SetTable t, MigrationSet set, TableRef shadow) {
        boolean temporary = shadow.schema().name().equals("pg_temp");
        List<DdlStep> s = new ArrayList<>();
        for (Index ix : t.info().indexes()) {
            Ident name = temporary ? Names.suffixed(Ident.of(shadow.table().name() + "_" + ix.name().name()), "_t")
                    : Names.shadow(ix.name());
            if ("x".equals(ix.constraintType())) {
                s.add(ShadowDdl.addConstraint(shadow, name, ix.constraintDef()));
                continue;
            }
            s.add(ShadowDdl.createIndex(shadow, name, ix.unique(), IndexDefinition.of(t, ix),
                    temporary ? null : tablespace != null ? tablespace : ix.tablespace(), ix.predicate()));
            if ("p".equals(ix.constraintType()) || "u".equals(ix.constraintType())) {
                s.add(ShadowDdl.addConstraintUsingIndex(shadow, name, "p".equals(ix.constraintType()),
                        ix.deferrable(), ix.deferred()));
            }
        }
        for (List<Ident> cols : missingFkIndexes(t, set)) {
            s.add(ShadowDdl.createColumnsIndex(shadow, temporary
                    ? Names.suffixed(Ident.of(shadow.table().name() + "_" + cols.get(0).name()), "_fk")
                    : Names.fkIndex(t.ref().table(), cols.get(0)), cols, temporary ? null : tablespaceOf(t)));
        }
        s.add(ShadowDdl.analyze(shadow));
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

    /** Drops every index and index-backed constraint a shadow has (a rebuild cut short is redone from scratch). */
    public static List<DdlStep> dropIndexes(TableInfo shadow) {
        return shadow.indexes().stream().map(ix -> ix.constraintType() != null
                ? ShadowDdl.dropConstraint(shadow.ref(), ix.constraintName())
                : ShadowDdl.dropIndex(shadow.ref().withTable(ix.name()))).toList();
    }

    /**
     * Everything prepare made for one table except the capture triggers (those need the live
     * table's lock and go first, each on its own): shadow, change log, capture function, the
     * spelling maps its converted columns may have.
     */
    public static List<DdlStep> teardown(TableRef live, List<Ident> converted) {
        List<DdlStep> s = new ArrayList<>(List.of(ShadowDdl.dropTable(shadowOf(live)), ShadowDdl.dropTable(logOf(live)),
                ShadowDdl.dropFunction(captureFunctionOf(live))));
        converted.forEach(c -> s.add(ShadowDdl.dropTable(Spellings.mapOf(new ColumnRef(live, c)))));
        return s;
    }

    /** The capture triggers of one live table, dropped. */
    public static List<DdlStep> dropCaptureTriggers(TableRef live) {
        return List.of(ShadowDdl.dropTrigger(CAPTURE_TRIGGER, live), ShadowDdl.dropTrigger(CAPTURE_TRUNCATE_TRIGGER, live));
    }
}
