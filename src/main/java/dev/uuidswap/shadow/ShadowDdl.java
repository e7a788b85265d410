package dev.uuidswap.shadow;

import dev.uuidswap.db.DdlStep;
import dev.uuidswap.model.CatalogSql;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.KeyColumn;
import dev.uuidswap.model.Literal;
import dev.uuidswap.model.Privilege;
import dev.uuidswap.model.TableRef;
import java.util.List;

/**
 * One typed factory per statement of {@code ShadowMapper.xml}. Each parameter is a record, so a
 * property the XML names and the record lacks fails at rendering (the fast tests render them all).
 * A null tablespace means the database default.
 */
public final class ShadowDdl {
    private ShadowDdl() {
    }

    public record On(TableRef table) {
    }

    public record Like(TableRef shadow, TableRef live, Ident tablespace) {
    }

    public record ColumnExpr(TableRef table, Ident column, CatalogSql expr) {
    }

    public record Option(TableRef table, CatalogSql option) {
    }

    public record Owner(TableRef table, Ident owner) {
    }

    public record Grant(TableRef table, Privilege privilege, Ident grantee, boolean grantable) {
    }

    public record Comment(TableRef table, Literal comment) {
    }

    public record Index(TableRef table, Ident name, boolean unique, CatalogSql using, Ident tablespace,
            CatalogSql predicate) {
    }

    public record UsingIndex(TableRef table, Ident name, CatalogSql kind, boolean deferrable, boolean deferred) {
    }

    public record Constraint(TableRef table, Ident name, CatalogSql definition) {
    }

    public record ColumnsIndex(TableRef table, Ident name, List<Ident> columns, Ident tablespace) {
    }

    public record Log(TableRef log, List<KeyColumn> key, Ident tablespace) {
    }

    public record Placed(TableRef table, Ident tablespace) {
    }

    public record Capture(TableRef function, TableRef log, List<KeyColumn> key) {
    }

    /** Triggers of one table, altered together. */
    public record Triggers(TableRef table, List<Ident> triggers) {
    }

    public record Trigger(Ident trigger, TableRef table, TableRef function) {
    }

    public record Function(TableRef function) {
    }

    public record IndexRef(TableRef index) {
    }

    public record None() {
    }

    public static DdlStep createShadow(TableRef shadow, TableRef live, Ident tablespace) {
        return step("createShadow", new Like(shadow, live, tablespace));
    }

    public static DdlStep dropDefault(TableRef table, Ident column) {
        return step("dropDefault", new ColumnExpr(table, column, null));
    }

    public static DdlStep toUuid(TableRef table, Ident column) {
        return step("toUuid", new ColumnExpr(table, column, null));
    }

    public static DdlStep setUuidDefault(TableRef table, Ident column, CatalogSql expr) {
        return step("setUuidDefault", new ColumnExpr(table, column, expr));
    }

    public static DdlStep setOption(TableRef table, CatalogSql option) {
        return step("setOption", new Option(table, option));
    }

    public static DdlStep owner(TableRef table, Ident owner) {
        return step("owner", new Owner(table, owner));
    }

    /** {@code grantee} null means PUBLIC. */
    public static DdlStep grant(TableRef table, Privilege privilege, Ident grantee, boolean grantable) {
        return step("grant", new Grant(table, privilege, grantee, grantable));
    }

    /** {@code grantee} null means PUBLIC. */
    public static DdlStep revoke(TableRef table, Privilege privilege, Ident grantee) {
        return step("revoke", new Grant(table, privilege, grantee, false));
    }

    /** {@code comment} null removes it. */
    public static DdlStep commentOnTable(TableRef table, Literal comment) {
        return step("commentOnTable", new Comment(table, comment));
    }

    /** {@code using}: the access method and keys ({@link IndexDefinition}); {@code predicate} null for a full index. */
    public static DdlStep createIndex(TableRef table, Ident name, boolean unique, CatalogSql using, Ident tablespace,
            CatalogSql predicate) {
        return step("createIndex", new Index(table, name, unique, using, tablespace, predicate));
    }

    public static DdlStep addConstraintUsingIndex(TableRef table, Ident name, boolean primary, boolean deferrable,
            boolean deferred) {
        return step("addConstraintUsingIndex", new UsingIndex(table, name,
                new CatalogSql(primary ? "PRIMARY KEY" : "UNIQUE"), deferrable, deferred));
    }

    public static DdlStep addConstraint(TableRef table, Ident name, CatalogSql definition) {
        return step("addConstraint", new Constraint(table, name, definition));
    }

    public static DdlStep dropConstraint(TableRef table, Ident name) {
        return step("dropConstraint", new Constraint(table, name, null));
    }

    public static DdlStep createColumnsIndex(TableRef table, Ident name, List<Ident> columns, Ident tablespace) {
        return step("createColumnsIndex", new ColumnsIndex(table, name, columns, tablespace));
    }

    public static DdlStep dropIndex(TableRef index) {
        return step("dropIndex", new IndexRef(index));
    }

    public static DdlStep analyze(TableRef table) {
        return step("analyze", new On(table));
    }

    public static DdlStep createLog(TableRef log, List<KeyColumn> key, Ident tablespace) {
        return step("createLog", new Log(log, key, tablespace));
    }

    public static DdlStep createSpelling(TableRef map, Ident tablespace) {
        return step("createSpelling", new Placed(map, tablespace));
    }

    public static DdlStep createCaptureFunction(TableRef function, TableRef log, List<KeyColumn> key) {
        return step("createCaptureFunction", new Capture(function, log, key));
    }

    public static DdlStep createRowTrigger(Ident trigger, TableRef table, TableRef function) {
        return step("createRowTrigger", new Trigger(trigger, table, function));
    }

    public static DdlStep createTruncateTrigger(Ident trigger, TableRef table, TableRef function) {
        return step("createTruncateTrigger", new Trigger(trigger, table, function));
    }

    /**
     * uuidswap's triggers fire under session_replication_role = replica too, as PostgreSQL's own
     * foreign keys do not: logical replication applies its changes so on a subscriber, and a bulk fix
     * may run so; a write the capture or reverse triggers missed would never reach the other side.
     */
    public static DdlStep fireAlways(TableRef table, Ident... triggers) {
        return step("fireAlways", new Triggers(table, List.of(triggers)));
    }

    public static DdlStep dropTrigger(Ident trigger, TableRef table) {
        return step("dropTrigger", new Trigger(trigger, table, null));
    }

    public static DdlStep dropFunction(TableRef function) {
        return step("dropFunction", new Function(function));
    }

    public static DdlStep dropTable(TableRef table) {
        return step("dropTable", new On(table));
    }

    public static DdlStep dropSchemaIfEmpty() {
        return step("dropSchemaIfEmpty", new None());
    }

    private static DdlStep step(String id, Object param) {
        return DdlStep.of(ShadowMapper.class, id, param);
    }
}
