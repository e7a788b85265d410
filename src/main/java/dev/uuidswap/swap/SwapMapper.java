package dev.uuidswap.swap;

import java.util.Collection;
import org.apache.ibatis.annotations.Param;

/** Statements of {@code SwapMapper.xml}; the DDL ones run as {@link dev.uuidswap.db.DdlStep}s. */
public interface SwapMapper {
    Long replicaLagMillis();

    String fingerprint(@Param("tables") Collection<String> qualifiedTables);

    boolean castExists(@Param("source") String source);

    boolean isSuperuser();
}
