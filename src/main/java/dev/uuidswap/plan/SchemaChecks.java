package dev.uuidswap.plan;

import dev.uuidswap.catalog.CatalogMapper;
import dev.uuidswap.catalog.Finding;
import dev.uuidswap.catalog.Inspector;
import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.catalog.Model.Column;
import dev.uuidswap.catalog.Model.DependentView;
import dev.uuidswap.catalog.Model.ForeignKey;
import dev.uuidswap.catalog.Model.Index;
import dev.uuidswap.catalog.Model.TableInfo;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.Names;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.shadow.IndexDefinition;
import dev.uuidswap.shadow.ShadowBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The schema-level blockers: what the conversion cannot take, found before any data is read. */
final class SchemaChecks {
    private SchemaChecks() {
    }

    static List<Finding> check(MigrationSet set, Inspector in, CatalogMapper cm, ShadowBuilder builder) {
        List<Finding> f = new ArrayList<>();
        Map<Ident, Set<String>> derived = new LinkedHashMap<>();
        for (SetTable t : set.tables()) {
            table(t, f);
            Set<String> names = derived.computeIfAbsent(t.ref().schema(), k -> new LinkedHashSet<>());
            names.add(Names.shadow(t.ref().table()).name());
            names.add(Names.old(t.ref().table()).name());
            for (Index ix : t.info().indexes()) {
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
        privileges(set, cm, f);
        return f;
    }

    private static void table(SetTable t, List<Finding> f) {
        String name = t.ref().display();
        TableInfo info = t.info();
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
            if (col.isStringType() && !col.deterministic()) {
                f.add(Finding.blocker("collation", name + "." + c.name(), "has a nondeterministic collation: it calls"
                        + " spellings equal that the checks, the change log and the way back tell apart; give the"
                        + " column a deterministic collation first (ALTER TABLE … ALTER COLUMN … TYPE … COLLATE \"C\")"));
            }
        }
        for (Column col : info.columns()) {
            List<Ident> reads = col.generatedFrom().stream().filter(t::isConverted).toList();
            if (col.isGenerated() && !reads.isEmpty() && !t.isConverted(col.name())) {
                f.add(Finding.blocker("generated", name + "." + col.name().name(), "this generated column is computed from "
                        + reads.stream().map(Ident::name).toList() + ", which becomes uuid; its expression was written for"
                        + " text: drop it before the migration and add it again (for uuid) after the swap"));
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
                    "the table is published for logical replication (also through FOR ALL TABLES or FOR TABLES IN SCHEMA):"
                            + " subscribers would see the type change, and the shadows would be published too"));
        }
        for (Index ix : info.indexes()) {
            if (!ix.valid()) {
                f.add(Finding.blocker("invalid-index", name + " " + ix.name().name(), "the index is invalid (a CREATE INDEX"
                        + " CONCURRENTLY that failed?): drop it or REINDEX it first"));
            }
            for (String sub : IndexDefinition.substitutedOpclasses(t, ix)) {
                f.add(Finding.warning("operator-class", name + " " + ix.name().name(), "key " + sub
                        + " has no uuid counterpart: the new index uses uuid's default operator class (pattern"
                        + " matching with LIKE on this column does not apply to uuid)"));
            }
        }
    }

    /** Prepare, copy and swap create, rename and re-point: the role must own what it changes. */
    private static void privileges(MigrationSet set, CatalogMapper cm, List<Finding> f) {
        List<String> owned = new ArrayList<>();
        set.tables().forEach(t -> owned.add(t.ref().toString()));
        set.inboundFks().stream().map(ForeignKey::from).distinct().forEach(r -> owned.add(r.toString()));
        set.views().forEach(v -> owned.add(v.view().toString()));
        for (String r : cm.notOwned(owned)) {
            f.add(Finding.blocker("privilege", TableRef.parse(r).display(), "the role does not own this relation (nor is"
                    + " it a member of its owner): the capture triggers, the renames and the re-pointed keys need that"));
        }
        List<String> schemas = set.tables().stream().map(t -> t.ref().schema().name()).distinct().toList();
        for (String s : cm.noCreate(schemas)) {
            f.add(Finding.blocker("privilege", s, "the role may not CREATE in this schema; the shadow tables go here"));
        }
        if (!cm.mayCreateSchema()) {
            f.add(Finding.blocker("privilege", "schema " + ShadowBuilder.STATE_SCHEMA.name(), "the role may not create"
                    + " the uuidswap schema (CREATE on the database) or create in it"));
        }
    }
}
