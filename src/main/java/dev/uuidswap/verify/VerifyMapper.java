package dev.uuidswap.verify;

import dev.uuidswap.model.KeyColumn;
import dev.uuidswap.model.TableRef;
import java.util.Collection;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/**
 * Statements of {@code VerifyMapper.xml}. {@code key} is the primary key as the log stores it (for
 * leaving out pending keys), {@code keyHash} and {@code columns} the hash terms of key and row.
 */
public interface VerifyMapper {
    /** Count and hash sum of one bucket (-1: the whole table). */
    record BucketRow(long bucket, long n, java.math.BigDecimal h) {
    }

    /** A key that differs, as text, and how: missing from the target, extra in it, or different. */
    record DiffRow(String key, String kind) {
    }

    void tune(@Param("serial") boolean serial);

    List<BucketRow> bucketsS(@Param("grouped") boolean grouped, @Param("table") TableRef table, @Param("log") TableRef log,
            @Param("key") List<KeyColumn> key, @Param("keyHash") List<HashColumn> keyHash,
            @Param("columns") List<HashColumn> columns, @Param("mask") long mask,
            @Param("buckets") Collection<Long> buckets, @Param("uuidPattern") String uuidPattern);

    List<BucketRow> bucketsT(@Param("grouped") boolean grouped, @Param("table") TableRef table, @Param("log") TableRef log,
            @Param("key") List<KeyColumn> key, @Param("keyHash") List<HashColumn> keyHash,
            @Param("columns") List<HashColumn> columns, @Param("mask") long mask,
            @Param("buckets") Collection<Long> buckets, @Param("uuidPattern") String uuidPattern);

    List<Long> pendingBuckets(@Param("log") TableRef log, @Param("logHash") List<HashColumn> logHash,
            @Param("mask") long mask, @Param("uuidPattern") String uuidPattern);

    boolean pendingTruncate(@Param("log") TableRef log);

    List<DiffRow> diffKeys(@Param("source") TableRef source, @Param("target") TableRef target,
            @Param("log") TableRef log, @Param("key") List<KeyColumn> key, @Param("keyHash") List<HashColumn> keyHash,
            @Param("columns") List<HashColumn> columns, @Param("mask") long mask,
            @Param("buckets") Collection<Long> buckets, @Param("limit") int limit, @Param("uuidPattern") String uuidPattern);

    long size(@Param("table") String qualified);
}
