package dev.uuidswap.catalog;

import dev.uuidswap.catalog.CatalogMapper.ColumnPair;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.catalog.Model.ForeignKey;
import dev.uuidswap.model.Ident;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The data checks of the plan: one scan per table for every converted column together; a second
 * pass only where it can find something (case-variant duplicates need a non-canonical value,
 * orphans need a foreign key that was never validated).
 */
public final class DataChecker {
    /** Every spelling PostgreSQL's uuid input accepts: hyphens after any group of four, optional braces. */
    public static final String UUID_PATTERN = "^(\\{([0-9a-f]{4}-?){7}[0-9a-f]{4}\\}|([0-9a-f]{4}-?){7}[0-9a-f]{4})$";
    public static final String CANONICAL_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

    private final CatalogMapper m;

    public DataChecker(CatalogMapper m) {
        this.m = m;
    }

    /** What one table's scan found, per converted column in the order of {@link SetTable#converted()}. */
    public record TableData(SetTable table, long rows, long[] nulls, long[] invalid, long[] nonCanonical, long[] bytes) {
        public long convertedBytes() {
            return Arrays.stream(bytes).sum();
        }

        public long nonNullValues() {
            return IntStream.range(0, nulls.length).mapToLong(i -> rows - nulls[i]).sum();
        }
    }

    public record Result(List<TableData> tables, List<Finding> findings) {
    }

    public Result check(MigrationSet set) {
        List<TableData> data = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (SetTable t : set.tables()) {
            List<Ident> key = t.info().primaryKey().isEmpty() ? t.converted() : t.info().primaryKey();
            List<Ident> strings = t.converted().stream().filter(c -> t.info().column(c).isStringType()).toList();
            if (strings.size() != t.converted().size()) {
                continue; // a converted column of another type is a schema blocker, found by the planner
            }
            Row r = Row.of(m.dataCheck(t.ref(), t.converted(), key, UUID_PATTERN, CANONICAL_PATTERN));
            TableData d = new TableData(t, r.lng("total"), r.longs("nulls"), r.longs("invalid"),
                    r.longs("noncanonical"), r.longs("bytes"));
            data.add(d);
            List<String> examples = r.strings("examples");
            List<String> ncExamples = r.strings("nc_examples");
            for (int i = 0; i < t.converted().size(); i++) {
                String col = t.ref().display() + "." + t.converted().get(i).name();
                if (d.invalid()[i] > 0) {
                    findings.add(Finding.blocker("invalid-uuid", col, d.invalid()[i]
                            + " value(s) are not UUIDs (keys of the rows shown)", lines(examples.get(i))));
                }
                if (d.nonCanonical()[i] - d.invalid()[i] - d.nulls()[i] > 0) {
                    // After the swap the reverse trigger writes uuid::text (lower case) into the old tables;
                    // a new child pointing at a parent stored as 'ABC…' would then fail the old table's
                    // foreign key inside the application's own transaction. Normalise first.
                    findings.add(Finding.blocker("non-canonical", col, (d.nonCanonical()[i] - d.invalid()[i] - d.nulls()[i])
                            + " value(s) are UUIDs but not lower-case hyphenated; the way back would write them in"
                            + " canonical form and break the old tables' foreign keys: normalise them first"
                            + " (UPDATE … SET col = lower(col::uuid::text) on parent and children together)",
                            lines(ncExamples.get(i))));
                    if (isUnique(t, t.converted().get(i))) {
                        for (Map<String, Object> dup : m.caseDuplicates(t.ref(), t.converted().get(i), UUID_PATTERN)) {
                            findings.add(Finding.blocker("case-duplicate", col,
                                    "these values are the same UUID written differently; as uuid they collide",
                                    lines(Row.of(dup).str("variants"))));
                        }
                    }
                }
            }
        }
        for (ForeignKey fk : set.ownFks()) {
            if (!fk.validated() && set.contains(fk.to())) {
                List<ColumnPair> pairs = IntStream.range(0, fk.fromColumns().size())
                        .mapToObj(i -> new ColumnPair(fk.fromColumns().get(i), fk.toColumns().get(i))).toList();
                Row r = Row.of(m.orphans(fk.from(), fk.to(), fk.fromColumns(), pairs));
                if (r.lng("total") > 0) {
                    findings.add(Finding.blocker("orphans", fk.from().display() + " (" + fk.name().name() + ")",
                            r.lng("total") + " row(s) reference keys missing from " + fk.to().display()
                                    + " (the constraint is NOT VALID); the new constraint could never be validated",
                            lines(r.str("examples"))));
                }
            }
        }
        return new Result(data, findings);
    }

    private static boolean isUnique(SetTable t, Ident column) {
        return t.info().indexes().stream().anyMatch(ix -> ix.unique() && ix.columns().contains(column));
    }

    private static List<String> lines(String s) {
        return s == null || s.isEmpty() ? List.of() : List.of(s.split("\n"));
    }
}
