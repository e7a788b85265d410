package dev.uuidswap.catalog;

import dev.uuidswap.catalog.CatalogMapper.ColumnPair;
import dev.uuidswap.catalog.DataMapper.IndexColumn;
import dev.uuidswap.catalog.DataMapper.ScanColumn;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.catalog.MigrationSet.Source;
import dev.uuidswap.catalog.Model.ForeignKey;
import dev.uuidswap.catalog.Model.Index;
import dev.uuidswap.db.SessionMapper;
import dev.uuidswap.db.SqlStates;
import dev.uuidswap.model.ColumnRef;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.UuidSpelling;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;
import org.apache.ibatis.session.SqlSession;

/**
 * The data checks of plan and prepare, at scan speed. One scan per table; a column is cast to uuid
 * only where nothing else vouches for it: a column whose validated single-column foreign key ties
 * it to another converted column holds its source's values byte for byte, so only its values that
 * are not spelled canonically are cast (a LIKE and an ASCII lower() tell those). The exact,
 * regular-expression path runs only for a table where a value is not a UUID (the cast fails), and
 * the search for colliding spellings only where non-canonical values exist.
 */
public final class DataChecker {
    /** Every spelling PostgreSQL's uuid input accepts: hyphens after any group of four, optional braces. */
    public static final String UUID_PATTERN = "^(\\{([0-9a-f]{4}-?){7}[0-9a-f]{4}\\}|([0-9a-f]{4}-?){7}[0-9a-f]{4})$";
    public static final String CANONICAL_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
    /**
     * Non-canonical values kept per column as the collision search's candidates. Above this the
     * search groups the rows by pattern instead: with 450,000 of them (900,000 candidates to send
     * and plan) the candidates took twice as long as the patterns over all rows.
     */
    static final int CAP = 200_000;

    private final SqlSession session;
    private final DataMapper m;

    public DataChecker(SqlSession session) {
        this.session = session;
        this.m = session.getMapper(DataMapper.class);
    }

    /**
     * What the checks found for one converted column. {@code trustedTo}: the column whose validated
     * foreign key vouched for this one's values, which were then not read (its source holds only
     * canonical UUIDs); null where the values were read.
     */
    public record ColumnData(Ident column, long nulls, long invalid, long nonCanonical, long bytes, String trustedTo) {
    }

    /** One table's scan, a {@link ColumnData} per converted column in the order of {@link SetTable#converted()}. */
    public record TableData(SetTable table, long rows, List<ColumnData> columns) {
        public long convertedBytes() {
            return columns.stream().mapToLong(ColumnData::bytes).sum();
        }

        public long nonNullValues() {
            return columns.stream().mapToLong(c -> rows - c.nulls()).sum();
        }

        public ColumnData column(Ident c) {
            return columns.stream().filter(x -> x.column().equals(c)).findFirst().orElseThrow();
        }
    }

    public record Result(List<TableData> tables, List<Finding> findings) {
    }

    /** {@code rowsDone} hears of each table's rows once it is checked (for the progress line). */
    public Result check(MigrationSet set, LongConsumer rowsDone) {
        Map<ColumnRef, ColumnData> found = new HashMap<>();
        Map<ColumnRef, List<String>> values = new HashMap<>();
        Set<ColumnRef> referenced = new LinkedHashSet<>();
        for (SetTable t : set.tables()) {
            t.convertedRefs().forEach(c -> covering(set, c).ifPresent(s -> referenced.add(s.column())));
        }
        List<TableData> data = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (SetTable t : order(set)) {
            if (t.converted().stream().anyMatch(c -> !t.info().column(c).isStringType())) {
                continue; // a converted column of another type is a schema blocker, found by the planner
            }
            TableData d = scan(set, t, found, values, referenced, findings);
            data.add(d);
            d.columns().forEach(c -> found.put(new ColumnRef(t.ref(), c.column()), c));
            rowsDone.accept(d.rows());
        }
        data.sort((a, b) -> Integer.compare(set.tables().indexOf(a.table()), set.tables().indexOf(b.table())));
        // The collision search carries its candidates as a constant: one process plans it. Set back
        // after; a failure rolls the transaction back, and the setting with it.
        SessionMapper sm = session.getMapper(SessionMapper.class);
        String workers = sm.serialPlans();
        for (TableData d : data) {
            duplicates(d, values, findings);
            for (ColumnData c : d.columns()) {
                ColumnRef ref = new ColumnRef(d.table().ref(), c.column());
                if (c.nonCanonical() > 0 && Spellings.unmappable(set, ref)) {
                    findings.add(Finding.blocker("spelling", ref.display(), c.nonCanonical() + " value(s) are in another"
                            + " spelling in a key column that is not unique by itself (" + set.root(ref).display() + "):"
                            + " the way back could not give each row its spelling again; write them in canonical"
                            + " form first (lower case, hyphenated)"));
                }
            }
        }
        sm.parallelWorkers(workers);
        orphans(set, findings);
        return new Result(data, findings);
    }

    /** The validated foreign key that vouches for a column's values, if there is one. */
    private static Optional<Source> covering(MigrationSet set, ColumnRef c) {
        return set.source(c).filter(Source::validated)
                .filter(s -> byteEqual(set.table(c.table()).info().column(c.column()))
                        && byteEqual(set.table(s.column().table()).info().column(s.column().column())));
    }

    /**
     * Whether equal values of the column are the same bytes: not so under a nondeterministic
     * collation, nor for char(n), whose comparison ignores trailing spaces (a varchar child may
     * hold 'abc… ' under a validated key to a char parent's 'abc…').
     */
    private static boolean byteEqual(Model.Column c) {
        return c.deterministic() && !c.typname().equals("bpchar");
    }

    private static boolean inUniqueIndex(SetTable t, Ident c) {
        return t.info().indexes().stream().anyMatch(ix -> ix.unique() && ix.columns().contains(c));
    }

    /** Tables whose columns vouch for others first, so their non-canonical values are known when needed. */
    private static List<SetTable> order(MigrationSet set) {
        List<SetTable> out = new ArrayList<>();
        List<SetTable> left = new ArrayList<>(set.tables());
        while (!left.isEmpty()) {
            SetTable next = left.stream().filter(t -> t.convertedRefs().stream().allMatch(c -> covering(set, c)
                    .map(s -> s.column().table().equals(t.ref()) || out.stream().anyMatch(o -> o.ref().equals(s.column().table())))
                    .orElse(true))).findFirst().orElse(left.get(0));
            out.add(next);
            left.remove(next);
        }
        return out;
    }

    private TableData scan(MigrationSet set, SetTable t, Map<ColumnRef, ColumnData> found,
            Map<ColumnRef, List<String>> values, Set<ColumnRef> referenced, List<Finding> findings) {
        List<ScanColumn> cols = new ArrayList<>();
        for (ColumnRef c : t.convertedRefs()) {
            ColumnData sd = covering(set, c).map(Source::column).map(found::get).orElse(null);
            boolean vouched = sd != null && sd.invalid() == 0;
            cols.add(new ScanColumn(c.column(), !vouched, vouched && sd.nonCanonical() > 0,
                    referenced.contains(c) || inUniqueIndex(t, c.column()) ? CAP + 1 : 10));
        }
        Savepoint savepoint = savepoint();
        try {
            DataMapper.Scan s = m.scan(t.ref(), cols);
            release(savepoint);
            List<ColumnData> out = new ArrayList<>();
            for (int i = 0; i < cols.size(); i++) {
                ScanColumn sc = cols.get(i);
                ColumnData c = new ColumnData(sc.name(), s.total() - lng(s.nonNull(), i), 0,
                        lng(s.nonCanonical(), i), lng(s.bytes(), i), sc.root() || sc.spelled() ? null
                                : covering(set, new ColumnRef(t.ref(), sc.name())).orElseThrow().column().display());
                out.add(c);
                // Read in the scan's snapshot (plan runs in one), where every value is a UUID: the
                // statement casts each it returns, so a value that is not one can never pass for a spelling.
                List<String> mine = c.nonCanonical() > 0 ? m.nonCanonicalValues(t.ref(), c.column(), cols.get(i).keep()) : List.of();
                if (cols.get(i).keep() > CAP && mine.size() == c.nonCanonical()) {
                    values.put(new ColumnRef(t.ref(), c.column()), mine);
                }
                if (c.nonCanonical() > 0) {
                    findings.add(nonCanonical(t, c, mine.stream().limit(10).toList(), cols.get(i).root() ? null
                            : covering(set, new ColumnRef(t.ref(), c.column())).orElseThrow().column()));
                }
            }
            return new TableData(t, s.total(), out);
        } catch (RuntimeException e) {
            if (!SqlStates.is(e, SqlStates.INVALID_TEXT_REPRESENTATION)) {
                throw e;
            }
            rollbackTo(savepoint);
            return exact(t, findings);
        }
    }

    private TableData exact(SetTable t, List<Finding> findings) {
        List<Ident> key = t.info().primaryKey().isEmpty() ? t.converted() : t.info().primaryKey();
        DataMapper.Exact r = m.exact(t.ref(), t.converted(), key, UUID_PATTERN, CANONICAL_PATTERN);
        List<ColumnData> out = new ArrayList<>();
        for (int i = 0; i < t.converted().size(); i++) {
            ColumnData c = new ColumnData(t.converted().get(i), lng(r.nulls(), i), lng(r.invalid(), i),
                    lng(r.nonCanonical(), i), lng(r.bytes(), i), null);
            out.add(c);
            String col = t.ref().display() + "." + c.column().name();
            if (c.invalid() > 0) {
                findings.add(Finding.blocker("invalid-uuid", col, c.invalid()
                        + " value(s) are not UUIDs (keys of the rows shown)", lines(r.examples().get(i))));
            }
            if (c.nonCanonical() > 0) {
                findings.add(nonCanonical(t, c, lines(r.ncExamples().get(i)), null));
            }
        }
        return new TableData(t, r.total(), out);
    }

    private static Finding nonCanonical(SetTable t, ColumnData c, List<String> examples, ColumnRef source) {
        return Finding.info("non-canonical", t.ref().display() + "." + c.column().name(), c.nonCanonical()
                + " value(s) are UUIDs in another spelling (upper case, braces or no hyphens)"
                + (source == null ? "" : ", the spelling of " + source.display())
                + "; they are converted, and the old tables keep every spelling for the way back", examples);
    }

    /** Rows of a unique index that would collide as uuid ('ABC…' and 'abc…' in one key), named. */
    private void duplicates(TableData d, Map<ColumnRef, List<String>> values, List<Finding> findings) {
        SetTable t = d.table();
        for (Index ix : t.info().indexes()) {
            List<Ident> conv = ix.columns().stream().filter(t::isConverted).toList();
            if (!ix.unique() || conv.isEmpty() || ix.columns().size() != ix.keys().size()
                    || conv.stream().allMatch(c -> d.column(c).nonCanonical() == 0)) {
                continue;
            }
            // Candidates are the column's own other spellings (a key bypassed by a replication role
            // may hold some its source does not); a table with a value that is not a UUID is grouped
            // by the patterns, which leave such values out before any cast.
            boolean complete = d.columns().stream().allMatch(c -> c.invalid() == 0);
            List<IndexColumn> cols = new ArrayList<>();
            for (Ident c : ix.columns()) {
                List<String> cand = null;
                if (t.isConverted(c)) {
                    List<String> nc = values.get(new ColumnRef(t.ref(), c));
                    if (nc == null) {
                        complete = false;
                    } else {
                        Set<String> all = new LinkedHashSet<>(nc);
                        nc.forEach(v -> all.add(UuidSpelling.canonical(v)));
                        cand = List.copyOf(all);
                    }
                }
                cols.add(new IndexColumn(c, t.isConverted(c), cand));
            }
            boolean nullsApart = !ix.nullsNotDistinct();
            List<DataMapper.Duplicate> dups = m.collide(t.ref(), cols, complete, nullsApart, ix.predicate(), UUID_PATTERN)
                    ? m.duplicates(t.ref(), cols, complete, nullsApart, ix.predicate(), UUID_PATTERN) : List.of();
            for (DataMapper.Duplicate dup : dups) {
                findings.add(Finding.blocker("case-duplicate", t.ref().display() + "." + ix.name().name(),
                        "these rows are the same key written differently; as uuid they collide", lines(dup.variants())));
            }
        }
    }

    private void orphans(MigrationSet set, List<Finding> findings) {
        for (ForeignKey fk : set.ownFks()) {
            if (!fk.validated() && set.contains(fk.to())) {
                List<ColumnPair> pairs = IntStream.range(0, fk.fromColumns().size())
                        .mapToObj(i -> new ColumnPair(fk.fromColumns().get(i), fk.toColumns().get(i))).toList();
                CatalogMapper.Orphans r = session.getMapper(CatalogMapper.class).orphans(fk.from(), fk.to(), fk.fromColumns(), pairs);
                if (r.total() > 0) {
                    findings.add(Finding.blocker("orphans", fk.from().display() + " (" + fk.name().name() + ")",
                            r.total() + " row(s) reference keys missing from " + fk.to().display()
                                    + " (the constraint is NOT VALID); the new constraint could never be validated",
                            lines(r.examples())));
                }
            }
        }
    }

    private Savepoint savepoint() {
        try {
            return session.getConnection().setSavepoint();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void release(Savepoint sp) {
        try {
            session.getConnection().releaseSavepoint(sp);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fast scan failed on a value that is not a UUID: back to before it, so the exact path can run. */
    private void rollbackTo(Savepoint sp) {
        try {
            session.getConnection().rollback(sp);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long lng(List<String> l, int i) {
        return Long.parseLong(l.get(i));
    }

    private static List<String> lines(String s) {
        return s == null || s.isEmpty() ? List.of() : List.of(s.split("\n"));
    }
}
