package dev.uuidswap.catalog;

import dev.uuidswap.model.Ident;
import dev.uuidswap.model.TableRef;
import java.util.Collection;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/**
 * Read-only catalog and data queries of the inspector ({@code CatalogMapper.xml}). Each result is
 * a record the query's columns map onto by name; the inspector turns them into {@link Model}.
 */
public interface CatalogMapper {
    record RelationRow(long oid, String relkind, String owner, List<String> reloptions, boolean rls,
            boolean inherited, boolean partition, long estRows, long pages, long totalBytes, long heapBytes,
            String comment, String tablespace, String replicaIdentity) {
    }

    /** One fact of a relation's shape (see the XML). */
    record ShapeLine(String relation, String line) {
    }

    List<ShapeLine> shape(@Param("tables") List<String> qualifiedTables);

    RelationRow relation(@Param("schema") String schema, @Param("table") String table);

    record ColumnRow(String name, int attnum, String type, String typname, boolean notnull, String defaultExpr,
            String identity, String generated, boolean deterministic, List<String> generatedFrom) {
    }

    List<ColumnRow> columns(@Param("oid") long oid);

    List<String> primaryKey(@Param("oid") long oid);

    record ForeignKeyRow(String name, String fromSchema, String fromTable, List<String> fromCols, String toSchema,
            String toTable, List<String> toCols, boolean validated, String definition, boolean deferrable,
            boolean matchFull) {
    }

    List<ForeignKeyRow> foreignKeys();

    record IndexRow(String name, boolean isUnique, boolean isPrimary, String contype, String constraintName,
            boolean deferrable, boolean deferred, String constraintDef, String method, List<String> keyDefs,
            List<String> keyCols, List<String> keyCollations, List<String> keyOpclasses,
            List<String> keyOpclassDefault, List<String> keyOptions, List<String> include,
            boolean nullsNotDistinct, List<String> reloptions, String predicate, String tablespace,
            boolean valid, long bytes) {
    }

    List<IndexRow> indexes(@Param("oid") long oid);

    record NamedSql(String name, String definition, String enabled, String functionBody) {
    }

    List<NamedSql> checks(@Param("oid") long oid);

    List<NamedSql> triggers(@Param("oid") long oid);

    record GrantRow(String grantee, String privilege, boolean grantable) {
    }

    List<GrantRow> grants(@Param("oid") long oid);

    record SequenceRow(String schema, String name, String column, String deptype) {
    }

    List<SequenceRow> sequences(@Param("oid") long oid);

    record ViewRow(long oid, String schema, String name, String relkind, int level, String definition, String owner,
            List<String> reloptions, String comment) {
    }

    List<ViewRow> dependentRelations(@Param("oids") Collection<Long> oids);

    List<String> rules(@Param("oid") long oid);

    List<String> policies(@Param("oid") long oid);

    List<String> publications(@Param("oid") long oid);

    List<String> existingRelations(@Param("schema") String schema, @Param("names") Collection<String> names);

    /** Of the given relations (qualified), those the current role does not own (nor is a member of the owner). */
    List<String> notOwned(@Param("relations") List<String> qualified);

    /** Of the given schemas, those the current role may not create objects in. */
    List<String> noCreate(@Param("schemas") List<String> schemas);

    boolean mayCreateSchema();

    record ServerRow(int versionNum, String version, String scs, String currentUser, boolean superuser,
            String database, long databaseBytes, String dataDirectory, boolean varcharCast, boolean textCast,
            boolean inRecovery) {
    }

    ServerRow serverFacts();

    /** A tablespace and its directory on the server ('' for the data directory's own). */
    record TablespaceRow(String name, String location) {
    }

    List<TablespaceRow> tablespaces();

    record TriggerPresent(String schema, String table, String trigger, String enabled) {
    }

    List<TriggerPresent> triggersPresent();

    boolean relationExistsIn(@Param("schema") String schema, @Param("table") String table);

    default boolean relationExists(TableRef t) {
        return relationExistsIn(t.schema().name(), t.table().name());
    }

    boolean mayReadIn(@Param("schema") String schema, @Param("table") String table);

    default boolean mayRead(TableRef t) {
        return mayReadIn(t.schema().name(), t.table().name());
    }

    /** The statistics' row count of a relation, readable by every role (a monitoring role cannot count a change log). */
    Long liveTuplesIn(@Param("schema") String schema, @Param("table") String table);

    default Long liveTuples(TableRef t) {
        return liveTuplesIn(t.schema().name(), t.table().name());
    }

    /** One referencing column and the column it references, for {@code orphans}. */
    record ColumnPair(Ident from, Ident to) {
    }

    record Orphans(long total, String examples) {
    }

    Orphans orphans(@Param("from") TableRef from, @Param("to") TableRef to, @Param("fromCols") List<Ident> fromCols,
            @Param("pairs") List<ColumnPair> pairs);
}
