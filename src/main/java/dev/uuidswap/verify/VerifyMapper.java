package dev.uuidswap.verify;

import dev.uuidswap.copy.CopyColumn;
import dev.uuidswap.model.KeyColumn;
import dev.uuidswap.model.TableRef;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.ibatis.annotations.Param;

/** Statements of {@code VerifyMapper.xml}. */
public interface VerifyMapper {
    List<Map<String, Object>> bucketsS(@Param("table") TableRef table, @Param("log") TableRef log,
            @Param("key") List<KeyColumn> key, @Param("columns") List<CopyColumn> columns,
            @Param("mask") long mask, @Param("buckets") Collection<Long> buckets);

    List<Map<String, Object>> bucketsT(@Param("table") TableRef table, @Param("log") TableRef log,
            @Param("key") List<KeyColumn> key, @Param("columns") List<CopyColumn> columns,
            @Param("mask") long mask, @Param("buckets") Collection<Long> buckets);

    List<Long> pendingBuckets(@Param("log") TableRef log, @Param("key") List<KeyColumn> key, @Param("mask") long mask);

    boolean pendingTruncate(@Param("log") TableRef log);

    List<Map<String, Object>> diffKeys(@Param("source") TableRef source, @Param("target") TableRef target,
            @Param("log") TableRef log, @Param("key") List<KeyColumn> key, @Param("columns") List<CopyColumn> columns,
            @Param("mask") long mask, @Param("buckets") Collection<Long> buckets, @Param("limit") int limit);

    long size(@Param("table") String qualified);
}
