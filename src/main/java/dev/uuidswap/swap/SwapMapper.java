package dev.uuidswap.swap;

import java.util.Collection;
import org.apache.ibatis.annotations.Param;

/** Statements of {@code SwapMapper.xml}; the DDL ones run as {@link dev.uuidswap.db.DdlStep}s. */
public interface SwapMapper {
    Long replicaLagMillis();

    String fingerprint(@Param("tables") String[] qualifiedTables);

    java.util.List<String> pendingLogs(@Param("logs") String[] qualifiedLogs);

    boolean castExists(@Param("source") String source);

    boolean isSuperuser();
}
