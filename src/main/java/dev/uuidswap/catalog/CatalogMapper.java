package dev.uuidswap.catalog;

import dev.uuidswap.model.Ident;
import dev.uuidswap.model.TableRef;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.ibatis.annotations.Param;

/** Read-only catalog and data queries of the inspector ({@code CatalogMapper.xml}). */
public interface CatalogMapper {
    Map<String, Object> relation(@Param("schema") String schema, @Param("table") String table);

    List<Map<String, Object>> columns(@Param("oid") long oid);

    List<String> primaryKey(@Param("oid") long oid);

    List<Map<String, Object>> foreignKeys();

    List<Map<String, Object>> indexes(@Param("oid") long oid);

    List<Map<String, Object>> checks(@Param("oid") long oid);

    List<Map<String, Object>> triggers(@Param("oid") long oid);

    List<Map<String, Object>> grants(@Param("oid") long oid);

    List<Map<String, Object>> sequences(@Param("oid") long oid);

    List<Map<String, Object>> dependentRelations(@Param("oids") Collection<Long> oids);

    List<String> rules(@Param("oid") long oid);

    List<String> policies(@Param("oid") long oid);

    List<String> publications(@Param("oid") long oid);

    List<String> existingRelations(@Param("schema") String schema, @Param("names") Collection<String> names);

    Map<String, Object> serverFacts();

    Map<String, Object> dataCheck(@Param("table") TableRef table, @Param("cols") List<Ident> cols,
            @Param("key") List<Ident> key, @Param("uuidPattern") String uuidPattern,
            @Param("canonicalPattern") String canonicalPattern);

    List<Map<String, Object>> caseDuplicates(@Param("table") TableRef table, @Param("column") Ident column,
            @Param("uuidPattern") String uuidPattern);

    Map<String, Object> orphans(@Param("from") TableRef from, @Param("to") TableRef to,
            @Param("fromCols") List<Ident> fromCols, @Param("pairs") List<ColumnPair> pairs);

    List<Map<String, Object>> lockHolders(@Param("tables") Collection<String> qualifiedTables);

    List<Map<String, Object>> triggersPresent();

    boolean relationExists(@Param("qualified") String qualified);

    long deadlockTimeoutMillis();

    /** One referencing column and the column it references, for {@code orphans}. */
    record ColumnPair(Ident from, Ident to) {
    }
}
