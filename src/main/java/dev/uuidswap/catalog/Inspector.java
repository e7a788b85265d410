package dev.uuidswap.catalog;

import dev.uuidswap.catalog.CatalogMapper.ColumnRow;
import dev.uuidswap.catalog.CatalogMapper.IndexRow;
import dev.uuidswap.catalog.CatalogMapper.RelationRow;
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
import java.util.stream.IntStream;

/**
 * Reads the catalog: the set as a closure over foreign keys, and every fact about its tables.
 * It never writes.
 */
public final class Inspector {
    private static final Map<String, String> KINDS = Map.of("v", "a view", "m", "a materialized view", "S", "a sequence",
            "i", "an index", "I", "a partitioned index", "c", "a composite type", "f", "a foreign table", "t", "a TOAST table");

    private final CatalogMapper m;

    public Inspector(CatalogMapper mapper) {
        this.m = mapper;
    }

    /** The table's facts, or exit 2 when it does not exist or is not a table. */
    public TableInfo table(TableRef ref) {
        RelationRow r = m.relation(ref.schema().name(), ref.table().name());
        if (r == null) {
            throw new UuidswapException(ExitCode.USAGE, "table " + ref.display() + " does not exist");
        }
        if (KINDS.containsKey(r.relkind())) {
            throw new UuidswapException(ExitCode.USAGE, ref.display() + " is " + KINDS.get(r.relkind()) + ", not a table");
        }
        long oid = r.oid();
        return new TableInfo(ref, oid, r.relkind(), r.inherited(), r.partition(), Ident.of(r.owner()),
                list(r.reloptions()), r.comment(), r.estRows(), r.heapBytes(), r.totalBytes(), r.rls(),
                ident(r.tablespace()), columns(oid), m.primaryKey(oid).stream().map(Ident::of).toList(), indexes(oid),
                m.checks(oid).stream().map(x -> new Check(Ident.of(x.name()), sql(x.definition()))).toList(),
                m.triggers(oid).stream().map(x -> new Trigger(Ident.of(x.name()), sql(x.definition()), x.enabled(),
                        x.functionBody())).toList(),
                grants(oid),
                m.sequences(oid).stream().map(x -> new Sequence(TableRef.of(x.schema(), x.name()), Ident.of(x.column()),
                        "i".equals(x.deptype()))).toList(),
                m.rules(oid), m.policies(oid), m.publications(oid));
    }

    private List<Grant> grants(long oid) {
        return m.grants(oid).stream().map(x -> new Grant(ident(x.grantee()), x.privilege(), x.grantable())).toList();
    }

    private List<Column> columns(long oid) {
        return m.columns(oid).stream().map(Inspector::column).toList();
    }

    private static Column column(ColumnRow r) {
        return new Column(Ident.of(r.name()), r.attnum(), r.type(), r.typname(), r.notnull(),
                r.defaultExpr() == null ? null : sql(r.defaultExpr()), r.identity(), r.generated(), r.deterministic(),
                list(r.generatedFrom()).stream().map(Ident::of).toList());
    }

    private List<Index> indexes(long oid) {
        return m.indexes(oid).stream().map(Inspector::index).toList();
    }

    private static Index index(IndexRow r) {
        List<IndexKey> keys = IntStream.range(0, r.keyDefs().size()).mapToObj(i -> {
            int opt = Integer.parseInt(r.keyOptions().get(i));
            return new IndexKey(sql(r.keyDefs().get(i)), ident(r.keyCols().get(i)),
                    r.keyCollations().get(i) == null ? null : sql(r.keyCollations().get(i)), sql(r.keyOpclasses().get(i)),
                    Boolean.parseBoolean(r.keyOpclassDefault().get(i)), (opt & 1) != 0, (opt & 2) != 0);
        }).toList();
        return new Index(Ident.of(r.name()), r.isUnique(), r.isPrimary(), r.contype(), ident(r.constraintName()),
                r.deferrable(), r.deferred(), r.constraintDef() == null ? null : sql(r.constraintDef()), r.method(), keys,
                r.include().stream().map(Inspector::sql).toList(), r.nullsNotDistinct(), list(r.reloptions()),
                r.predicate() == null ? null : sql(r.predicate()), ident(r.tablespace()), r.valid(), r.bytes());
    }

    public List<ForeignKey> foreignKeys() {
        return m.foreignKeys().stream().map(r -> new ForeignKey(Ident.of(r.name()),
                TableRef.of(r.fromSchema(), r.fromTable()), r.fromCols().stream().map(Ident::of).toList(),
                TableRef.of(r.toSchema(), r.toTable()), r.toCols().stream().map(Ident::of).toList(),
                r.validated(), sql(r.definition()), r.deferrable(), r.matchFull())).toList();
    }

    public List<DependentView> dependentViews(List<Long> oids) {
        if (oids.isEmpty()) {
            return List.of();
        }
        return m.dependentRelations(oids).stream().map(r -> new DependentView(TableRef.of(r.schema(), r.name()),
                r.relkind(), r.level(), sql(r.definition()), Ident.of(r.owner()), list(r.reloptions()), r.comment(),
                grants(r.oid()))).toList();
    }

    public List<String> existingRelations(Ident schema, Set<String> names) {
        return names.isEmpty() ? List.of() : m.existingRelations(schema.name(), names);
    }

    public ServerFacts serverFacts() {
        CatalogMapper.ServerRow r = m.serverFacts();
        return new ServerFacts(r.versionNum(), r.version(), "on".equals(r.scs()), r.currentUser(), r.superuser(),
                r.database(), r.databaseBytes(), r.dataDirectory(), r.varcharCast(), r.textCast(), r.inRecovery());
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
            tables.add(new SetTable(table(e.getKey()), List.copyOf(e.getValue())));
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

    private static Ident ident(String s) {
        return s == null ? null : Ident.of(s);
    }

    private static List<String> list(List<String> l) {
        return l == null ? List.of() : l;
    }

    /** Facts about the server and the session that decide what uuidswap may do. */
    public record ServerFacts(int versionNum, String version, boolean standardConformingStrings, String currentUser,
            boolean superuser, String database, long databaseBytes, String dataDirectory, boolean varcharCast,
            boolean textCast, boolean inRecovery) {
    }
}
