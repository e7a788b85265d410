package dev.uuidswap.catalog;

import dev.uuidswap.model.CatalogSql;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.TableRef;
import java.util.List;
import org.apache.ibatis.annotations.Param;

/** The plan's data checks ({@code DataMapper.xml}): they only read. */
public interface DataMapper {
    /**
     * How one converted column is scanned: a root column is cast value by value and keeps up to
     * {@code keep} of its non-canonical values; a column whose validated foreign key vouches for
     * it is only tested for its spelling (no cast where the spelling is canonical), and only where
     * its source has other spellings ({@code spelled}): else it holds none.
     */
    record ScanColumn(Ident name, boolean root, boolean spelled, int keep) {
    }

    /**
     * A long list of UUID spellings bound as one text, split by {@code string_to_array(…, E'\n')}:
     * PostgreSQL parses that several times faster than a text[] literal of 100,000 elements, and
     * the split of a bound value is folded into a constant, so {@code = ANY} still hashes it. A
     * spelling never holds a line break (each was read back through the uuid type).
     */
    static String lines(List<String> values) {
        return values == null ? null : String.join("\n", values);
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
        public String candidateLines() {
            return lines(candidates);
        }
    }

    /** Whether any rows collide; with {@code candidates} false, every row with valid values is grouped (slow: a pattern per value). */
    boolean collide(@Param("table") TableRef table, @Param("cols") List<IndexColumn> cols,
            @Param("candidates") boolean candidates, @Param("nullsApart") boolean nullsApart,
            @Param("predicate") CatalogSql predicate, @Param("uuidPattern") String uuidPattern);

    /** The colliding rows, as {@link #collide} groups them. */
    List<Duplicate> duplicates(@Param("table") TableRef table, @Param("cols") List<IndexColumn> cols,
            @Param("candidates") boolean candidates, @Param("nullsApart") boolean nullsApart,
            @Param("predicate") CatalogSql predicate, @Param("uuidPattern") String uuidPattern);
}
