package dev.uuidswap.swap;

import dev.uuidswap.catalog.Spellings;
import dev.uuidswap.db.DdlStep;
import dev.uuidswap.model.CatalogSql;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.Literal;
import dev.uuidswap.model.TableRef;
import java.util.List;

/**
 * One typed factory per statement of {@code SwapMapper.xml}; each parameter is a record, so a
 * property the XML names and the record lacks fails at rendering (the fast tests render them all).
 */
public final class SwapDdl {
    private SwapDdl() {
    }

    public record Tables(List<TableRef> tables) {
    }

    public record Rename(TableRef table, Ident to) {
    }

    public record RenameConstraint(TableRef table, Ident from, Ident to) {
    }

    public record RenameIndex(TableRef index, Ident to) {
    }

    public record RenameSequence(TableRef sequence, Ident to) {
    }

    public record OwnedBy(TableRef sequence, TableRef table, Ident column) {
    }

    public record Carry(TableRef from, Literal to) {
    }

    public record View(TableRef view, CatalogSql definition, List<CatalogSql> options) {
    }

    public record ViewOwner(TableRef view, Ident owner) {
    }

    public record ViewComment(TableRef view, Literal comment) {
    }

    public record Constraint(TableRef table, Ident name, CatalogSql definition, boolean notValid) {
    }

    /** A foreign key as a deferred check without actions: see {@link SwapScript}'s old side. */
    public record DeferredKey(TableRef table, Ident name, List<Ident> columns, TableRef references,
            List<Ident> referenced, boolean matchFull) {
    }

    public record Trigger(TableRef table, Ident trigger) {
    }

    public record Definition(CatalogSql definition) {
    }

    /** {@code maps}: the spelling maps of this table's own columns, by column name. */
    public record Reverse(TableRef function, TableRef old, List<Spellings.Column> key, List<Spellings.Column> columns,
            List<Spellings.Column> updatable, boolean overriding, boolean convertedKey, List<OwnedMap> maps) {
    }

    public record OwnedMap(Ident name, TableRef table) {
    }

    public record Cast(CatalogSql source) {
    }

    public static DdlStep lockShare(List<TableRef> tables) {
        return step("lockShare", new Tables(tables));
    }

    public static DdlStep lockExclusive(List<TableRef> tables) {
        return step("lockExclusive", new Tables(tables));
    }

    public static DdlStep renameTable(TableRef table, Ident to) {
        return step("renameTable", new Rename(table, to));
    }

    public static DdlStep renameConstraint(TableRef table, Ident from, Ident to) {
        return step("renameConstraint", new RenameConstraint(table, from, to));
    }

    public static DdlStep renameIndex(TableRef index, Ident to) {
        return step("renameIndex", new RenameIndex(index, to));
    }

    public static DdlStep renameSequence(TableRef sequence, Ident to) {
        return step("renameSequence", new RenameSequence(sequence, to));
    }

    public static DdlStep sequenceOwnedBy(TableRef sequence, TableRef table, Ident column) {
        return step("sequenceOwnedBy", new OwnedBy(sequence, table, column));
    }

    public static DdlStep carrySequence(TableRef from, TableRef to) {
        return step("carrySequence", new Carry(from, new Literal(to.toString())));
    }

    public static DdlStep dropView(TableRef view) {
        return step("dropView", new View(view, null, List.of()));
    }

    public static DdlStep createView(TableRef view, CatalogSql definition, List<CatalogSql> options) {
        return step("createView", new View(view, definition, options));
    }

    public static DdlStep viewOwner(TableRef view, Ident owner) {
        return step("viewOwner", new ViewOwner(view, owner));
    }

    public static DdlStep commentOnView(TableRef view, Literal comment) {
        return step("commentOnView", new ViewComment(view, comment));
    }

    public static DdlStep dropConstraint(TableRef table, Ident name) {
        return step("dropConstraint", new Constraint(table, name, null, false));
    }

    public static DdlStep addForeignKey(TableRef table, Ident name, CatalogSql definition) {
        return step("addForeignKey", new Constraint(table, name, definition, true));
    }

    public static DdlStep addDeferredKey(TableRef table, Ident name, List<Ident> columns, TableRef references,
            List<Ident> referenced, boolean matchFull) {
        return step("addDeferredKey", new DeferredKey(table, name, columns, references, referenced, matchFull));
    }

    public static DdlStep validateConstraint(TableRef table, Ident name) {
        return step("validateConstraint", new Constraint(table, name, null, false));
    }

    public static DdlStep disableTrigger(TableRef table, Ident trigger) {
        return step("disableTrigger", new Trigger(table, trigger));
    }

    public static DdlStep enableTrigger(TableRef table, Ident trigger) {
        return step("enableTrigger", new Trigger(table, trigger));
    }

    public static DdlStep createTrigger(CatalogSql definition) {
        return step("createTrigger", new Definition(definition));
    }

    public static DdlStep createReverseFunction(TableRef function, TableRef old, List<Spellings.Column> key,
            List<Spellings.Column> columns, List<Spellings.Column> updatable, boolean overriding, List<Spellings.Map> maps) {
        return step("createReverseFunction", new Reverse(function, old, key, columns, updatable, overriding,
                key.stream().anyMatch(Spellings.Column::converted),
                maps.stream().map(m -> new OwnedMap(m.column().column(), m.table())).toList()));
    }

    /** {@code source}: varchar or text. */
    public static DdlStep createCast(String source) {
        return step("createCast", new Cast(new CatalogSql(source.equals("text") ? "text" : "varchar")));
    }

    public static DdlStep dropCast(String source) {
        return step("dropCast", new Cast(new CatalogSql(source.equals("text") ? "text" : "varchar")));
    }

    public static DdlStep dropTables(List<TableRef> tables) {
        return step("dropTables", new Tables(tables));
    }

    private static DdlStep step(String id, Object param) {
        return DdlStep.of(SwapMapper.class, id, param);
    }
}
