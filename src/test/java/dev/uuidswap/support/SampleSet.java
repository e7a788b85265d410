package dev.uuidswap.support;

import dev.uuidswap.app.Flows;
import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.catalog.Model.Check;
import dev.uuidswap.catalog.Model.Column;
import dev.uuidswap.catalog.Model.DependentView;
import dev.uuidswap.catalog.Model.ForeignKey;
import dev.uuidswap.catalog.Model.Grant;
import dev.uuidswap.catalog.Model.Index;
import dev.uuidswap.catalog.Model.IndexKey;
import dev.uuidswap.catalog.Model.Sequence;
import dev.uuidswap.catalog.Model.TableInfo;
import dev.uuidswap.catalog.Model.Trigger;
import dev.uuidswap.db.Database;
import dev.uuidswap.model.CatalogSql;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.TableRef;
import java.util.List;
import org.apache.ibatis.session.Configuration;

/**
 * A migration set written by hand, as the inspector would read it: "Odd Schema"."Parent" (key
 * id, a serial, a unique index, a grant, an application trigger, a view) and child c (a foreign
 * key to it with a varchar_pattern_ops index), plus an outside table with an inbound key. For the
 * tests that need no server: rendering, statement order, hashing kinds.
 */
public final class SampleSet {
    public static final TableRef PARENT = TableRef.of("Odd Schema", "Parent");
    public static final TableRef CHILD = TableRef.of("Odd Schema", "c");
    public static final TableRef OUTSIDE = TableRef.of("Odd Schema", "outside");
    public static final TableRef VIEW = TableRef.of("Odd Schema", "parent_view");

    private SampleSet() {
    }

    /** Renders mapper statements without a server. */
    public static Configuration configuration() {
        return Database.configuration(null, Flows.MAPPERS);
    }

    private static Column column(String name, int n, String type, String typname, boolean notNull, String dflt) {
        return new Column(Ident.of(name), n, type, typname, notNull, dflt == null ? null : new CatalogSql(dflt), "", "", true,
                List.of());
    }

    private static IndexKey key(String column, String opclass) {
        return new IndexKey(new CatalogSql(Ident.of(column).quoted()), Ident.of(column), null,
                opclass == null ? null : new CatalogSql(opclass), opclass == null, false, false);
    }

    private static Index index(String name, boolean primary, String constraint, List<IndexKey> keys) {
        return new Index(Ident.of(name), constraint != null, primary, constraint, constraint == null ? null : Ident.of(name),
                false, false, null, "btree", keys, List.of(), false, List.of(), null, null, true, 8192);
    }

    private static TableInfo table(TableRef ref, List<Column> cols, List<Index> ix, List<Trigger> triggers, List<Grant> grants,
            List<Sequence> seqs) {
        return new TableInfo(ref, 1, "r", false, false, Ident.of("app owner"), List.of(), null, 1000, 81920, 163840, false,
                null, cols, List.of(cols.get(0).name()), ix, List.of(new Check(Ident.of(ref.table().name() + "_check"),
                        new CatalogSql("CHECK (true)"))), triggers, grants, seqs, List.of(), List.of(), List.of());
    }

    public static MigrationSet set() {
        TableInfo parent = table(PARENT, List.of(
                column("id", 1, "character varying(36)", "varchar", true, null),
                column("n", 2, "integer", "int4", true, "nextval('\"Odd Schema\".\"Parent_n_seq\"'::regclass)"),
                column("label", 3, "text", "text", false, null),
                column("born", 4, "timestamp with time zone", "timestamptz", false, "now()")),
                List.of(index("Parent_pkey", true, "p", List.of(key("id", null))),
                        index("Parent_label_key", false, "u", List.of(key("label", null)))),
                List.of(new Trigger(Ident.of("audit"), new CatalogSql("CREATE TRIGGER audit AFTER INSERT ON \"Odd Schema\".\"Parent\""
                        + " FOR EACH ROW EXECUTE FUNCTION \"Odd Schema\".audit()"), "O", "BEGIN RETURN NEW; END")),
                List.of(new Grant(null, "SELECT", false), new Grant(Ident.of("reporter"), "MAINTAIN", true)),
                List.of(new Sequence(TableRef.of("Odd Schema", "Parent_n_seq"), Ident.of("n"), false)));
        TableInfo child = table(CHILD, List.of(
                column("id", 1, "integer", "int4", true, null),
                column("parent_id", 2, "character varying(36)", "varchar", false, null)),
                List.of(index("c_pkey", true, "p", List.of(key("id", null))),
                        index("c_parent_like", false, null, List.of(key("parent_id", "varchar_pattern_ops")))),
                List.of(), List.of(), List.of());
        ForeignKey own = new ForeignKey(Ident.of("c_parent_id_fkey"), CHILD, List.of(Ident.of("parent_id")), PARENT,
                List.of(Ident.of("id")), true, new CatalogSql("FOREIGN KEY (parent_id) REFERENCES \"Odd Schema\".\"Parent\"(id)"
                        + " ON DELETE CASCADE"), false, false);
        ForeignKey inbound = new ForeignKey(Ident.of("outside_label_fkey"), OUTSIDE, List.of(Ident.of("label")), PARENT,
                List.of(Ident.of("label")), true, new CatalogSql("FOREIGN KEY (label) REFERENCES \"Odd Schema\".\"Parent\"(label)"),
                false, false);
        DependentView view = new DependentView(VIEW, "v", 1, new CatalogSql(" SELECT id, label FROM \"Odd Schema\".\"Parent\""),
                Ident.of("app owner"), List.of(), "for reports", List.of(new Grant(null, "SELECT", false)));
        return new MigrationSet(PARENT, Ident.of("id"), List.of(new SetTable(parent, List.of(Ident.of("id"))),
                new SetTable(child, List.of(Ident.of("parent_id")))), List.of(own), List.of(inbound), List.of(view));
    }
}
