package dev.uuidswap.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.support.SampleSet;
import dev.uuidswap.verify.HashColumn.Kind;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Each column is hashed by the family its type needs: integers and uuid by their own functions,
 * typed values through their type's hash, the rest by text; a converted column by its spelling
 * where a map keeps one, else by value. Seeds differ per column, so swapped values differ.
 */
@Tag("fast")
class HashKindsFollowTheColumnType {
    private static final MigrationSet SET = SampleSet.set();

    @Test
    void rowTermsByKind() {
        SetTable parent = SET.table(SampleSet.PARENT);
        List<HashColumn> row = HashColumn.row(SET, parent);
        assertEquals(List.of(Kind.SPELLED, Kind.INT4, Kind.TEXT, Kind.TYPED), row.stream().map(HashColumn::kind).toList());
        assertEquals(row.size(), row.stream().map(HashColumn::seed).collect(Collectors.toSet()).size(), "one seed per column");
        Set<Long> marks = row.stream().map(HashColumn::nullMark).collect(Collectors.toSet());
        assertEquals(row.size(), marks.size(), "NULL in one column is not NULL in another");
        SetTable child = SET.table(SampleSet.CHILD);
        List<HashColumn> childRow = HashColumn.row(SET, child);
        assertEquals(Kind.INT4, childRow.get(0).kind());
        // The child's key repeats its parent's spelling: hashed through the parent's map too.
        assertEquals(Kind.SPELLED, childRow.get(1).kind());
        assertEquals(row.get(0).spelling(), childRow.get(1).spelling());
    }

    @Test
    void keysAreHashedByValue() {
        List<HashColumn> key = HashColumn.key(SET.table(SampleSet.PARENT));
        assertEquals(List.of(Kind.BY_VALUE), key.stream().map(HashColumn::kind).toList());
        assertNull(key.get(0).spelling());
        assertNotEquals(key.get(0).seed(), HashColumn.row(SET, SET.table(SampleSet.PARENT)).get(0).seed());
    }
}
