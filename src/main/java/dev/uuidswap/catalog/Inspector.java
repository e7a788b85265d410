package dev.uuidswap.catalog;

import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.catalog.Model.Check;
import dev.uuidswap.catalog.Model.Column;
import dev.uuidswap.catalog.Model.DependentView;
import dev.uuidswap.catalog.Model.ForeignKey;
import dev.uuidswap.catalog.Model.Grant;
import dev.uuidswap.catalog.Model.Index;
import dev.uuidswap.catalog.Model.Sequence;
import dev.uuidswap.catalog.Model.TableInfo;
import dev.uuidswap.catalog.Model.Trigger;
import dev.uuidswap.model.CatalogSql;
import dev.uuidswap.model.ColumnRef;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.model.UuidswapException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the catalog: the set as a closure over foreign keys, and every fact about its tables.
 * It never writes.
 */
public final class Inspector {
    private final CatalogMapper m;

    public Inspector(CatalogMapper mapper) {
        this.m = mapper;
    }

    /** The table's facts, or exit 2 when it does not exist. */
    public TableInfo table(TableRef ref) {
        Map<String, Object> rel = m.relation(ref.schema().name(), ref.table().name());
        if (rel == null) {
            throw new UuidswapException(ExitCode.USAGE, "table " + ref.display() + " does not exist");
        }
        Row r = Row.of(rel);
        long oid = r.lng("oid");
        return new TableInfo(ref, oid, r.str("relkind"), r.bool("inherited"), r.bool("partition"),
                Ident.of(r.str("owner")), r.strings("reloptions"), r.str("comment"), r.lng("est_rows"),
                r.lng("heap_bytes"), r.lng("total_bytes"), r.bool("rls"),
                columns(oid), m.primaryKey(oid).stream().map(Ident::of).toList(), indexes(oid),
                m.checks(oid).stream().map(Row::of).map(x -> new Check(Ident.of(x.str("name")), sql(x.str("definition")))).toList(),
                m.triggers(oid).stream().map(Row::of)
                        .map(x -> new Trigger(Ident.of(x.str("name")), sql(x.str("definition")), x.str("enabled"))).toList(),
                grants(oid),
                m.sequences(oid).stream().map(Row::of).map(x -> new Sequence(TableRef.of(x.str("schema"), x.str("name")),
                        Ident.of(x.str("column")), "i".equals(x.str("deptype")))).toList(),
                m.rules(oid), m.policies(oid), m.publications(oid));
    }

    private List<Grant> grants(long oid) {
        return m.grants(oid).stream().map(Row::of).map(x -> new Grant(
                x.str("grantee") == null ? null : Ident.of(x.str("grantee")), x.str("privilege"), x.bool("grantable"))).toList();
    }

    private List<Column> columns(long oid) {
        return m.columns(oid).stream().map(Row::of).map(r -> new Column(Ident.of(r.str("name")), r.integer("attnum"),
                r.str("type"), r.str("typname"), r.bool("notnull"),
                r.str("default_expr") == null ? null : sql(r.str("default_expr")),
                r.str("identity"), r.str("generated"))).toList();
    }

    private List<Index> indexes(long oid) {
        return m.indexes(oid).stream().map(Row::of).map(r -> new Index(Ident.of(r.str("name")), r.bool("is_unique"),
                r.bool("is_primary"), r.str("contype"),
                r.str("constraint_name") == null ? null : Ident.of(r.str("constraint_name")),
                r.bool("deferrable"), r.bool("deferred"),
                r.str("constraint_def") == null ? null : sql(r.str("constraint_def")),
                r.str("using_clause") == null ? null : sql(r.str("using_clause")),
                r.strings("cols").stream().map(Ident::of).toList(), r.bool("partial"), r.lng("bytes"))).toList();
    }

    public List<ForeignKey> foreignKeys() {
        return m.foreignKeys().stream().map(Row::of).map(r -> new ForeignKey(Ident.of(r.str("name")),
                TableRef.of(r.str("from_schema"), r.str("from_table")), r.strings("from_cols").stream().map(Ident::of).toList(),
                TableRef.of(r.str("to_schema"), r.str("to_table")), r.strings("to_cols").stream().map(Ident::of).toList(),
                r.bool("validated"), sql(r.str("definition")))).toList();
    }

    public List<DependentView> dependentViews(List<Long> oids) {
        if (oids.isEmpty()) {
            return List.of();
        }
        return m.dependentRelations(oids).stream().map(Row::of).map(r -> new DependentView(
                TableRef.of(r.str("schema"), r.str("name")), r.str("relkind"), r.integer("level"),
                sql(r.str("definition")), Ident.of(r.str("owner")), r.strings("reloptions"), r.str("comment"),
                grants(r.lng("oid")))).toList();
    }

    public List<String> existingRelations(Ident schema, Set<String> names) {
        return names.isEmpty() ? List.of() : m.existingRelations(schema.name(), names);
    }

    public ServerFacts serverFacts() {
        Row r = Row.of(m.serverFacts());
        return new ServerFacts(r.integer("version_num"), r.str("version"), "on".equals(r.str("scs")), r.str("current_user"),
                r.bool("superuser"), r.str("database"), r.lng("database_bytes"), r.str("data_directory"),
                r.bool("varchar_cast"), r.bool("text_cast"));
    }

    /**
     * The set as a closure: the parent key, every column whose foreign key references a converted
     * column (at any depth), and the {@code --also} columns with their own referencing columns.
     */
    public MigrationSet discover(TableRef parent, Ident key, List<ColumnRef> also) {
        List<ForeignKey> fks = foreignKeys();
        Map<TableRef, LinkedHashSet<Ident>> converted = new LinkedHashMap<>();
        Deque<ColumnRef> work = new ArrayDeque<>();
        work.add(new ColumnRef(parent, key));
        work.addAll(also);
        while (!work.isEmpty()) {
            ColumnRef c = work.poll();
            if (!converted.computeIfAbsent(c.table(), t -> new LinkedHashSet<>()).add(c.column())) {
                continue;
            }
            for (ForeignKey fk : fks) {
                int i = fk.to().equals(c.table()) ? fk.toColumns().indexOf(c.column()) : -1;
                if (i >= 0) {
                    work.add(new ColumnRef(fk.from(), fk.fromColumns().get(i)));
                }
            }
        }
        List<SetTable> tables = new ArrayList<>();
        for (var e : converted.entrySet()) {
            TableInfo info = e.getKey().equals(parent) ? table(parent) : table(e.getKey());
            tables.add(new SetTable(info, List.copyOf(e.getValue())));
        }
        Set<TableRef> inSet = converted.keySet();
        List<ForeignKey> own = fks.stream().filter(fk -> inSet.contains(fk.from())).toList();
        List<ForeignKey> inbound = fks.stream().filter(fk -> !inSet.contains(fk.from()) && inSet.contains(fk.to())).toList();
        List<DependentView> views = dependentViews(tables.stream().map(t -> t.info().oid()).toList());
        return new MigrationSet(parent, key, List.copyOf(tables), own, inbound, views);
    }

    private static CatalogSql sql(String s) {
        return new CatalogSql(s);
    }

    /** Facts about the server and the session that decide what uuidswap may do. */
    public record ServerFacts(int versionNum, String version, boolean standardConformingStrings, String currentUser, boolean superuser,
            String database, long databaseBytes, String dataDirectory, boolean varcharCast, boolean textCast) {
    }
}
