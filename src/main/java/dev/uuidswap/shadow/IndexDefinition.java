package dev.uuidswap.shadow;

import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.catalog.Model.Index;
import dev.uuidswap.catalog.Model.IndexKey;
import dev.uuidswap.model.CatalogSql;
import java.util.ArrayList;
import java.util.List;

/**
 * An index of the live table written for its shadow: access method, keys, INCLUDE, NULLS NOT
 * DISTINCT and storage options, from the catalog's parts (pg_get_indexdef's text names the live
 * table and has no place for a tablespace before its WHERE). A converted column loses its
 * collation and operator class: uuid has no collation, and the text operator classes
 * (text_pattern_ops, varchar_pattern_ops) have no uuid counterpart, so the type's default is taken.
 */
public final class IndexDefinition {
    private IndexDefinition() {
    }

    public static CatalogSql of(SetTable t, Index ix) {
        List<String> keys = new ArrayList<>();
        for (IndexKey k : ix.keys()) {
            StringBuilder b = new StringBuilder(k.definition().text());
            boolean converted = k.column() != null && t.isConverted(k.column());
            if (!converted) {
                if (k.collation() != null) {
                    b.append(" COLLATE ").append(k.collation().text());
                }
                if (!k.opclassDefault()) {
                    b.append(' ').append(k.opclass().text());
                }
            }
            if (k.descending()) {
                b.append(" DESC");
            }
            if (k.nullsFirst() != k.descending()) {
                b.append(k.nullsFirst() ? " NULLS FIRST" : " NULLS LAST");
            }
            keys.add(b.toString());
        }
        StringBuilder d = new StringBuilder(quoteMethod(ix.method())).append(" (").append(String.join(", ", keys)).append(')');
        if (!ix.include().isEmpty()) {
            d.append(" INCLUDE (").append(String.join(", ", ix.include().stream().map(CatalogSql::text).toList())).append(')');
        }
        if (ix.nullsNotDistinct()) {
            d.append(" NULLS NOT DISTINCT");
        }
        if (!ix.options().isEmpty()) {
            d.append(" WITH (").append(String.join(", ", ix.options())).append(')');
        }
        return new CatalogSql(d.toString());
    }

    /** Converted key columns whose operator class is not the default: the new index uses uuid's default. */
    public static List<String> substitutedOpclasses(SetTable t, Index ix) {
        return ix.keys().stream().filter(k -> k.column() != null && t.isConverted(k.column()) && !k.opclassDefault())
                .map(k -> k.column().name() + " " + k.opclass().text()).toList();
    }

    private static String quoteMethod(String am) {
        return am.matches("[a-z_][a-z0-9_]*") ? am : "\"" + am.replace("\"", "\"\"") + "\"";
    }
}
