package dev.uuidswap.catalog;

import dev.uuidswap.model.CatalogSql;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.TableRef;
import java.util.List;
import java.util.Objects;

/** The catalog facts the inspector reads, as small immutable records. */
public final class Model {
    private Model() {
    }

    /**
     * {@code typname} is bare for built-in types (pg_catalog) and schema-qualified otherwise;
     * {@code deterministic}: its collation compares bytes (a nondeterministic one may call 'A' and
     * 'a' equal); {@code generatedFrom} the columns a generated column's expression reads.
     */
    public record Column(Ident name, int attnum, String type, String typname, boolean notNull,
            CatalogSql defaultExpr, String identity, String generated, boolean deterministic, List<Ident> generatedFrom) {
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
     * One key of an index: {@code definition} is a quoted column or a parenthesised expression
     * ({@code column} is set for the former), with its collation and operator class (qualified,
     * quoted) and ordering.
     */
    public record IndexKey(CatalogSql definition, Ident column, CatalogSql collation, CatalogSql opclass,
            boolean opclassDefault, boolean descending, boolean nullsFirst) {
    }

    /**
     * An index of a live table, in parts, so it can be written for another table. For indexes
     * that back a constraint, {@code constraintType} is p, u or x.
     */
    public record Index(Ident name, boolean unique, boolean primary, String constraintType, Ident constraintName,
            boolean deferrable, boolean deferred, CatalogSql constraintDef, String method, List<IndexKey> keys,
            List<CatalogSql> include, boolean nullsNotDistinct, List<String> options, CatalogSql predicate,
            Ident tablespace, boolean valid, long bytes) {

        /** The plain columns among the keys, in key order (expressions left out). */
        public List<Ident> columns() {
            return keys.stream().map(IndexKey::column).filter(Objects::nonNull).toList();
        }

        public boolean partial() {
            return predicate != null;
        }

        public Index renamed(Ident to, Ident constraint) {
            return new Index(to, unique, primary, constraintType, constraint, deferrable, deferred, constraintDef,
                    method, keys, include, nullsNotDistinct, options, predicate, tablespace, valid, bytes);
        }
    }

    public record ForeignKey(Ident name, TableRef from, List<Ident> fromColumns, TableRef to,
            List<Ident> toColumns, boolean validated, CatalogSql definition, boolean deferrable, boolean matchFull) {
        /** The definition as declared, without the NOT VALID that a swap leaves until it validates. */
        public CatalogSql declared() {
            return new CatalogSql(definition.text().replaceFirst(" NOT VALID$", ""));
        }
    }

    public record Check(Ident name, CatalogSql definition) {
    }

    /** {@code functionBody}: the source of the trigger's function, for the plan's application risks. */
    public record Trigger(Ident name, CatalogSql definition, String enabled, String functionBody) {
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
            boolean rowSecurity, Ident tablespace, List<Column> columns, List<Ident> primaryKey, List<Index> indexes,
            List<Check> checks, List<Trigger> triggers, List<Grant> grants, List<Sequence> sequences,
            List<String> rules, List<String> policies, List<String> publications) {

        public Column column(Ident name) {
            return columns.stream().filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no column " + name + " in " + ref.display()));
        }

        public boolean hasColumn(Ident name) {
            return columns.stream().anyMatch(c -> c.name().equals(name));
        }

        /** The same facts under another name and with other indexes, sequences and triggers (the swap's incoming side). */
        public TableInfo as(TableRef other, List<Index> otherIndexes, List<Sequence> otherSequences, List<Trigger> otherTriggers) {
            return new TableInfo(other, oid, relkind, inherited, partition, owner, options, comment, estRows, heapBytes,
                    totalBytes, rowSecurity, tablespace, columns, primaryKey, otherIndexes, checks, otherTriggers, grants,
                    otherSequences, rules, policies, publications);
        }
    }
}
