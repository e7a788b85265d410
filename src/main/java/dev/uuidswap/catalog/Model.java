package dev.uuidswap.catalog;

import dev.uuidswap.model.CatalogSql;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.TableRef;
import java.util.List;

/** The catalog facts the inspector reads, as small immutable records. */
public final class Model {
    private Model() {
    }

    /** {@code typname} is bare for built-in types (pg_catalog) and schema-qualified otherwise. */
    public record Column(Ident name, int attnum, String type, String typname, boolean notNull,
            CatalogSql defaultExpr, String identity, String generated) {
        public boolean isStringType() {
            return typname.equals("varchar") || typname.equals("bpchar") || typname.equals("text");
        }

        public boolean isGenerated() {
            return generated != null && !generated.isEmpty();
        }

        public boolean isIdentity() {
            return identity != null && !identity.isEmpty();
        }
    }

    /**
     * An index of a live table. {@code using} is the replayable tail of its definition; for indexes
     * that back a constraint, {@code constraintType} is p, u or x.
     */
    public record Index(Ident name, boolean unique, boolean primary, String constraintType, Ident constraintName,
            boolean deferrable, boolean deferred, CatalogSql constraintDef, CatalogSql using,
            List<Ident> columns, boolean partial, long bytes) {
    }

    public record ForeignKey(Ident name, TableRef from, List<Ident> fromColumns, TableRef to,
            List<Ident> toColumns, boolean validated, CatalogSql definition) {
    }

    public record Check(Ident name, CatalogSql definition) {
    }

    public record Trigger(Ident name, CatalogSql definition, String enabled) {
    }

    /** A privilege on a table; grantee null means PUBLIC. */
    public record Grant(Ident grantee, String privilege, boolean grantable) {
    }

    public record Sequence(TableRef sequence, Ident column, boolean identity) {
    }

    /** A view or materialized view that reads a set table, directly or through other views. */
    public record DependentView(TableRef view, String relkind, int level, CatalogSql definition, Ident owner,
            List<String> options, String comment, List<Grant> grants) {
        public boolean materialized() {
            return relkind.equals("m");
        }
    }

    /** Everything about one table of the set that later steps need. */
    public record TableInfo(TableRef ref, long oid, String relkind, boolean inherited, boolean partition,
            Ident owner, List<String> options, String comment, long estRows, long heapBytes, long totalBytes,
            boolean rowSecurity, List<Column> columns, List<Ident> primaryKey, List<Index> indexes,
            List<Check> checks, List<Trigger> triggers, List<Grant> grants, List<Sequence> sequences,
            List<String> rules, List<String> policies, List<String> publications) {

        public Column column(Ident name) {
            return columns.stream().filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no column " + name + " in " + ref.display()));
        }

        public boolean hasColumn(Ident name) {
            return columns.stream().anyMatch(c -> c.name().equals(name));
        }
    }
}
