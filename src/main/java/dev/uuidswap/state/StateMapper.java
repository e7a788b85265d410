package dev.uuidswap.state;

import java.time.OffsetDateTime;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** Statements of {@code StateMapper.xml}: the uuidswap schema's own tables. */
public interface StateMapper {
    void createSchema();

    boolean schemaExists();

    boolean schemaOutdated();

    void lockMigrations();

    void upgradeSchema();

    record MigrationRow(String id, String phase, String parentSchema, String parentTable, String parentKey,
            boolean fkIndexes, OffsetDateTime copyFinishedAt, OffsetDateTime verifyPassedAt,
            OffsetDateTime lastVerifyAt, Boolean lastVerifyOk, String lastVerifySummary, OffsetDateTime swappedAt,
            int swapCount, List<String> compatCasts, long dataXid, String tablespace) {
    }

    MigrationRow migration(@Param("id") String id);

    record SetTableRow(String schemaName, String tableName, List<String> converted, String copyState,
            long rowsCopied, long rowsTotal, List<String> shape) {
    }

    List<SetTableRow> setTables(@Param("id") String id);

    record PendingRow(String schemaName, String tableName, String constraintName) {
    }

    List<PendingRow> pendingValidations(@Param("id") String id);

    void insertMigration(@Param("id") String id, @Param("phase") String phase, @Param("schema") String schema,
            @Param("table") String table, @Param("key") String key, @Param("fkIndexes") boolean fkIndexes,
            @Param("tablespace") String tablespace);

    void insertSetTable(@Param("id") String id, @Param("position") int position, @Param("schema") String schema,
            @Param("table") String table, @Param("converted") List<String> converted, @Param("rowsTotal") long rowsTotal,
            @Param("shape") List<String> shape);

    void setPhase(@Param("id") String id, @Param("phase") String phase);

    void copyState(@Param("id") String id, @Param("schema") String schema, @Param("table") String table,
            @Param("state") String state, @Param("rows") long rows);

    void addRowsCopied(@Param("id") String id, @Param("schema") String schema, @Param("table") String table,
            @Param("rows") long rows);

    void copyFinished(@Param("id") String id);

    void verifyResult(@Param("id") String id, @Param("ok") boolean ok, @Param("summary") String summary);

    void swapped(@Param("id") String id, @Param("phase") String phase);

    void compatCasts(@Param("id") String id, @Param("casts") List<String> casts);

    /** After a swap's commit: see the XML. */
    void shapesAfterSwap(@Param("id") String id);

    void recordShape(@Param("id") String id, @Param("schema") String schema, @Param("table") String table,
            @Param("shape") List<String> shape);

    /** The newest transaction that wrote into the shadows (see SwapFlow: old snapshots). */
    void dataWritten(@Param("id") String id);

    void replacePending(@Param("id") String id, @Param("pending") List<PendingRow> pending);

    void validated(@Param("id") String id, @Param("schema") String schema, @Param("table") String table,
            @Param("name") String constraintName);

    void deleteMigration(@Param("id") String id);

    int migrationCount();

    void dropStateTables();

    boolean schemaEmpty();

    void event(@Param("id") String id, @Param("step") String step, @Param("detail") String detail);

    void scrubVerifyKeys();

    record EventRow(OffsetDateTime at, String who, String step, String detail) {
    }

    List<EventRow> events(@Param("id") String id, @Param("limit") int limit);

    boolean tryLock(@Param("id") String id);

    boolean unlock(@Param("id") String id);
}
