package dev.uuidswap.catalog;

import dev.uuidswap.model.Ident;
import dev.uuidswap.model.TableRef;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** The plan's data checks ({@code DataMapper.xml}): they only read. */
public interface DataMapper {
    /**
     * How one converted column is scanned: a root column is checked value by value and keeps up
     * to {@code keep} of its non-canonical values; a column whose validated foreign key covers it
     * only counts which of its values are among {@code among} (its source's non-canonical
     * values), or nothing when that is null.
     */
    record ScanColumn(Ident name, boolean root, int keep, List<String> among) {
    }

    /** Per column, in the order given, as text. */
    record Scan(long total, List<String> nonNull, List<String> bytes, List<String> nonCanonical) {
    }

    Scan scan(@Param("table") TableRef table, @Param("cols") List<ScanColumn> cols);

    List<String> nonCanonicalValues(@Param("table") TableRef table, @Param("column") Ident column, @Param("limit") int limit);

    /** The exact path, where a value is not a UUID: regular expressions, and the keys of the rows shown. */
    record Exact(long total, List<String> nulls, List<String> invalid, List<String> nonCanonical, List<String> bytes,
            List<String> examples, List<String> ncExamples) {
    }

    Exact exact(@Param("table") TableRef table, @Param("cols") List<Ident> cols, @Param("key") List<Ident> key,
            @Param("uuidPattern") String uuidPattern, @Param("canonicalPattern") String canonicalPattern);

    /** Up to 10 groups of rows of a unique index that become equal once the converted columns are uuid. */
    record Duplicate(String norm, String variants) {
    }

    /** {@code candidates}: per converted column of the index, the spellings that can collide. */
    record IndexColumn(Ident name, boolean converted, List<String> candidates) {
    }

    /** With {@code candidates} false, every row with valid values is grouped (slow: a pattern per value). */
    List<Duplicate> duplicates(@Param("table") TableRef table, @Param("cols") List<IndexColumn> cols,
            @Param("candidates") boolean candidates, @Param("uuidPattern") String uuidPattern);
}
