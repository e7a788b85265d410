package dev.uuidswap.plan;

import dev.uuidswap.catalog.Finding;
import dev.uuidswap.catalog.Inspector;
import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.catalog.Model.Column;
import dev.uuidswap.catalog.Model.DependentView;
import dev.uuidswap.catalog.Model.Index;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.Names;
import dev.uuidswap.shadow.ShadowBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The schema-level blockers of spec §2: what the conversion cannot take, found before any data is read. */
final class SchemaChecks {
    private SchemaChecks() {
    }

    static List<Finding> check(MigrationSet set, Inspector in, ShadowBuilder builder) {
        List<Finding> f = new ArrayList<>();
        Map<Ident, Set<String>> derived = new LinkedHashMap<>();
        for (SetTable t : set.tables()) {
            String name = t.ref().display();
            var info = t.info();
            if (info.relkind().equals("p") || info.partition()) {
                f.add(Finding.blocker("partitioned", name, "partitioned tables are not supported"));
            }
            if (info.inherited()) {
                f.add(Finding.blocker("inherited", name, "tables with inheritance parents or children are not supported"));
            }
            if (info.primaryKey().isEmpty()) {
                f.add(Finding.blocker("no-primary-key", name, "every table in the set needs a primary key (the change log is keyed by it)"));
            }
            for (Ident c : t.converted()) {
                Column col = info.column(c);
                if (!col.isStringType()) {
                    f.add(Finding.blocker("column-type", name + "." + c.name(),
                            "is " + col.type() + "; only varchar, char and text columns holding UUIDs convert"));
                }
                if (col.isGenerated()) {
                    f.add(Finding.blocker("generated", name + "." + c.name(), "generated columns cannot be converted"));
                }
            }
            for (String r : info.rules()) {
                f.add(Finding.blocker("rule", name + " rule " + r, "rules are not carried over; drop the rule or convert by hand"));
            }
            if (info.rowSecurity() || !info.policies().isEmpty()) {
                f.add(Finding.blocker("row-level-security", name, "row-level security policies " + info.policies()
                        + " are not carried over yet"));
            }
            for (String p : info.publications()) {
                f.add(Finding.blocker("publication", name + " in " + p,
                        "the table is published for logical replication; subscribers would see the type change"));
            }
            for (Index ix : info.indexes()) {
                if (ix.using() == null && !"x".equals(ix.constraintType())) {
                    f.add(Finding.blocker("index", ix.name().name(), "cannot read the definition of this index"));
                }
            }
            Set<String> names = derived.computeIfAbsent(t.ref().schema(), k -> new LinkedHashSet<>());
            names.add(Names.shadow(t.ref().table()).name());
            names.add(Names.old(t.ref().table()).name());
            for (Index ix : info.indexes()) {
                names.add(Names.shadow(ix.name()).name());
                names.add(Names.old(ix.name()).name());
            }
            for (List<Ident> cols : builder.missingFkIndexes(t, set)) {
                names.add(Names.fkIndex(t.ref().table(), cols.get(0)).name());
            }
        }
        for (var e : derived.entrySet()) {
            for (String taken : in.existingRelations(e.getKey(), e.getValue())) {
                f.add(Finding.blocker("name-taken", e.getKey().name() + "." + taken,
                        "uuidswap needs this name for a shadow, old table or index; rename or drop it"));
            }
        }
        for (DependentView v : set.views()) {
            if (v.materialized()) {
                f.add(Finding.blocker("materialized-view", v.view().display(),
                        "materialized views over the set are not recreated yet; drop it and recreate it after the swap"));
            }
        }
        return f;
    }
}
