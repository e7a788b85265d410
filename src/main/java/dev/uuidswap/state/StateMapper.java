package dev.uuidswap.state;

import java.util.List;
import java.util.Map;
import org.apache.ibatis.annotations.Param;

/** Statements of {@code StateMapper.xml}. */
public interface StateMapper {
    void createSchema();

    boolean schemaExists();

    Map<String, Object> migration(@Param("id") String id);

    List<Map<String, Object>> setTables(@Param("id") String id);

    void insertMigration(@Param("id") String id, @Param("phase") String phase, @Param("schema") String schema,
            @Param("table") String table, @Param("key") String key, @Param("fkIndexes") boolean fkIndexes);

    void insertSetTable(@Param("id") String id, @Param("position") int position, @Param("schema") String schema,
            @Param("table") String table, @Param("converted") List<String> converted, @Param("rowsTotal") long rowsTotal);

    void setPhase(@Param("id") String id, @Param("phase") String phase);

    void copyState(@Param("id") String id, @Param("schema") String schema, @Param("table") String table,
            @Param("state") String state, @Param("rows") long rows);

    void addRowsCopied(@Param("id") String id, @Param("schema") String schema, @Param("table") String table,
            @Param("rows") long rows);

    void copyFinished(@Param("id") String id);

    void verifyResult(@Param("id") String id, @Param("ok") boolean ok, @Param("summary") String summary);

    void swapped(@Param("id") String id, @Param("phase") String phase);

    void compatCasts(@Param("id") String id, @Param("casts") List<String> casts);

    void deleteMigration(@Param("id") String id);

    int migrationCount();

    void dropStateTables();

    boolean schemaEmpty();

    void event(@Param("id") String id, @Param("step") String step, @Param("detail") String detail);

    List<Map<String, Object>> events(@Param("id") String id, @Param("limit") int limit);

    boolean tryLock(@Param("id") String id);

    boolean unlock(@Param("id") String id);
}
