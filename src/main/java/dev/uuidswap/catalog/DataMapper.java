package dev.uuidswap.catalog;

import dev.uuidswap.model.CatalogSql;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.model.UuidSpelling;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.ibatis.annotations.Param;

/** The plan's data checks ({@code DataMapper.xml}): they only read. */
public interface DataMapper {
    /**
     * How one converted column is scanned: a root column is cast value by value and keeps up to
     * {@code keep} of its non-canonical values; a column whose validated foreign key vouches for
     * it is only counted. {@code measured}: its NULLs and bytes are summed (else it is a NOT NULL
     * column trusted to its source, whose size per value it has).
     */
    record ScanColumn(Ident name, boolean root, boolean measured, int keep) {
    }

    /**
     * A long list of UUID spellings bound as one text, split by {@code string_to_array(…, E'\n')}:
     * PostgreSQL parses that several times faster than a text[] literal of 100,000 elements. A
     * spelling never holds a line break (each was read back through the uuid type).
     */
    static String lines(List<String> values) {
        return values == null ? null : String.join("\n", values);
    }

    /** Per column, in the order given, as text. */
    record Scan(long total, List<String> nonNull, List<String> bytes, List<String> nonCanonical) {
    }

    Scan scan(@Param("table") TableRef table, @Param("cols") List<ScanColumn> cols);

    /** Up to {@code limit} other spellings of a column, one per line; null where there is none. */
    String nonCanonicalValues(@Param("table") TableRef table, @Param("column") Ident column, @Param("limit") int limit);

    /** The exact path, where a value is not a UUID: regular expressions, and the keys of the rows shown. */
    record Exact(long total, List<String> nulls, List<String> invalid, List<String> nonCanonical, List<String> bytes,
            List<String> examples, List<String> ncExamples) {
    }

    Exact exact(@Param("table") TableRef table, @Param("cols") List<Ident> cols, @Param("key") List<Ident> key,
            @Param("uuidPattern") String uuidPattern, @Param("canonicalPattern") String canonicalPattern);

    /** Up to 10 groups of rows of a unique index that become equal once the converted columns are uuid. */
    record Duplicate(String norm, String variants) {
    }

    /**
     * {@code otherSpellings}: per converted column of the index, the other spellings of its root
     * (all of them); null where the column cannot take part in a collision (it holds one spelling
     * per UUID). The candidates are those and their canonical forms.
     */
    record IndexColumn(Ident name, boolean converted, List<String> otherSpellings) {
        public String candidateLines() {
            Set<String> all = new LinkedHashSet<>(otherSpellings);
            otherSpellings.forEach(v -> all.add(UuidSpelling.canonical(v)));
            return lines(List.copyOf(all));
        }
    }

    boolean collide(@Param("table") TableRef table, @Param("cols") List<IndexColumn> cols,
            @Param("candidates") boolean candidates, @Param("nullsApart") boolean nullsApart,
            @Param("predicate") CatalogSql predicate, @Param("uuidPattern") String uuidPattern);

    /** Whether the column holds any of the values (one per line). */
    boolean holdsAny(@Param("table") TableRef table, @Param("column") Ident column, @Param("lines") String lines);

    /** The colliding rows, as {@link #collide} groups them. */
    List<Duplicate> duplicates(@Param("table") TableRef table, @Param("cols") List<IndexColumn> cols,
            @Param("candidates") boolean candidates, @Param("nullsApart") boolean nullsApart,
            @Param("predicate") CatalogSql predicate, @Param("uuidPattern") String uuidPattern);
}
