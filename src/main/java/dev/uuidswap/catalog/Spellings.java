package dev.uuidswap.catalog;

import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.catalog.Model.Index;
import dev.uuidswap.model.ColumnRef;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.Names;
import dev.uuidswap.model.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the old side's spelling of a key is kept. The forward path converts every spelling
 * PostgreSQL's uuid input accepts ('ABC…', '{abc…}', no hyphens); the way back must give each key
 * its spelling again, or the old tables' foreign keys (which compare strings) would break and a
 * swap-back would hand the application other strings. A column whose values repeat another's
 * through a foreign key spells them as that one does (its root); a root that is a key (its table's
 * primary key, or referenced by another converted column) and unique by itself gets a map, uuid →
 * spelling, holding only the values not in canonical form: usually few, often none. Catch-up keeps
 * the maps as the live table is; after the swap the reverse triggers read them, and forget an
 * entry when its row goes.
 */
public final class Spellings {
    private Spellings() {
    }

    /** The map of one root column. */
    public record Map(ColumnRef column, TableRef table) {
    }

    /** A converted or plain column as the reverse trigger and verify write it: with the map of its root, if any. */
    public record Column(Ident name, boolean converted, TableRef spelling) {
    }

    public static TableRef mapOf(ColumnRef root) {
        return new TableRef(Names.STATE_SCHEMA, Names.spelling(root.table(), root.column()));
    }

    /** Every map of the set. */
    public static List<Map> of(MigrationSet set) {
        List<Map> out = new ArrayList<>();
        for (SetTable t : set.tables()) {
            for (ColumnRef c : t.convertedRefs()) {
                if (needsMap(set, c)) {
                    out.add(new Map(c, mapOf(c)));
                }
            }
        }
        return out;
    }

    /** The maps of one table's own columns (its catch-up and its reverse trigger keep them). */
    public static List<Map> ownedBy(MigrationSet set, TableRef table) {
        return of(set).stream().filter(m -> m.column().table().equals(table)).toList();
    }

    /** The map that spells a converted column's values: its root's. */
    public static Optional<TableRef> forColumn(MigrationSet set, ColumnRef c) {
        ColumnRef root = set.root(c);
        return needsMap(set, root) ? Optional.of(mapOf(root)) : Optional.empty();
    }

    /** Every column of a table, converted ones with the map that spells them. */
    public static List<Column> columns(MigrationSet set, SetTable t, List<Ident> names) {
        return names.stream().map(n -> new Column(n, t.isConverted(n),
                t.isConverted(n) ? forColumn(set, new ColumnRef(t.ref(), n)).orElse(null) : null)).toList();
    }

    /**
     * A column whose spelling the way back cannot restore exactly: its root is a key (part of its
     * table's primary key, or referenced) but not unique by itself, so no map can hold it. Other
     * spellings in such a column would break the old side's keys: the plan refuses them.
     */
    public static boolean unmappable(MigrationSet set, ColumnRef c) {
        ColumnRef root = set.root(c);
        return isKey(set, root) && !uniqueByItself(set.table(root.table()), root.column());
    }

    private static boolean needsMap(MigrationSet set, ColumnRef c) {
        return set.root(c).equals(c) && isKey(set, c) && uniqueByItself(set.table(c.table()), c.column());
    }

    private static boolean isKey(MigrationSet set, ColumnRef c) {
        return set.table(c.table()).info().primaryKey().contains(c.column())
                || set.tables().stream().flatMap(x -> x.convertedRefs().stream())
                        .anyMatch(o -> !o.equals(c) && set.source(o).map(s -> s.column().equals(c)).orElse(false));
    }

    /** Whether the column alone is its table's primary key or a whole unique index. */
    static boolean uniqueByItself(SetTable t, Ident c) {
        if (t.info().primaryKey().equals(List.of(c))) {
            return true;
        }
        for (Index ix : t.info().indexes()) {
            if (ix.unique() && !ix.partial() && ix.keys().size() == 1 && c.equals(ix.keys().get(0).column())) {
                return true;
            }
        }
        return false;
    }
}
