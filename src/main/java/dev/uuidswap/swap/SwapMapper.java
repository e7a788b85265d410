package dev.uuidswap.swap;

import java.util.List;
import org.apache.ibatis.annotations.Param;

/** Statements of {@code SwapMapper.xml}; the DDL ones are made by {@link SwapDdl}. */
public interface SwapMapper {
    /** An md5 of the shape of the given relations (qualified) and of the views over them. */
    String fingerprint(@Param("tables") List<String> qualifiedTables);

    /** Of the given change logs (qualified), those with entries. */
    List<String> pendingLogs(@Param("logs") List<String> qualifiedLogs);

    boolean castExists(@Param("source") String source);

    boolean isSuperuser();
}
