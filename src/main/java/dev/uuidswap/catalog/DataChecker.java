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
import dev.uuidswap.model.TableRef;
import dev.uuidswap.model.UuidSpelling;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
 * only where nothing else vouches for it: a column whose validated foreign key ties it to another
 * converted column holds its source's values byte for byte, so it is trusted and only counted
 * (orphans behind a validated key are not looked for either). A row written with the key bypassed
 * stops the copy, which names it, where it is not a UUID or collides in a unique index; an orphan
 * is copied as it is (the swap then leaves the new key NOT VALID), and a key spelled otherwise
 * than its parent's fails verify. {@code recheckKeys} (--recheck-foreign-keys) trusts no key:
 * every column is read for itself and validated keys are searched for orphans too. The exact,
 * regular-expression path runs only for a table where a value is not a UUID (the cast fails), and
 * the search for colliding spellings only where a column can hold two spellings of one UUID.
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
    private final boolean recheckKeys;
    /** What one check learnt so far: per column its data, a root's complete list of other spellings, */
    private final Map<ColumnRef, ColumnData> found = new HashMap<>();
    private final Map<ColumnRef, List<String>> values = new HashMap<>();
    private final Map<ColumnRef, Long> nonNull = new HashMap<>();
    /** the columns of a unique index found to collide, and the tables whose indexes were searched. */
    private final Set<ColumnRef> colliding = new HashSet<>();
    private final Set<TableRef> searched = new HashSet<>();

    /** One check of one set: {@link #check} runs once per instance. */
    public DataChecker(SqlSession session, boolean recheckKeys) {
        this.session = session;
        this.m = session.getMapper(DataMapper.class);
        this.recheckKeys = recheckKeys;
    }

    /**
     * What the checks found for one converted column. {@code trustedTo}: the column whose validated
     * foreign key vouched for this one's values, which were then only counted (no value that is not
     * a UUID, its other spellings those of its source); null where the values were read.
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
            TableData d = scan(set, t, referenced, findings);
            data.add(d);
            d.columns().forEach(c -> found.put(new ColumnRef(t.ref(), c.column()), c));
            d.columns().forEach(c -> nonNull.put(new ColumnRef(t.ref(), c.column()), d.rows() - c.nulls()));
            rowsDone.accept(d.rows());
        }
        // The collision search carries its candidates as a constant: one process plans it. Set back
        // after; a failure rolls the transaction back, and the setting with it. Sources are searched
        // before the columns they vouch for (the order of the scans).
        SessionMapper sm = session.getMapper(SessionMapper.class);
        String workers = sm.serialPlans();
        for (TableData d : data) {
            duplicates(set, d, findings);
            searched.add(d.table().ref());
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
        data.sort((a, b) -> Integer.compare(set.tables().indexOf(a.table()), set.tables().indexOf(b.table())));
        orphans(set, findings);
        return new Result(data, findings);
    }

    /** The validated foreign key that vouches for a column's values, if there is one and keys are trusted. */
    private Optional<Source> covering(MigrationSet set, ColumnRef c) {
        return recheckKeys ? Optional.empty() : set.source(c).filter(Source::validated)
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
    private List<SetTable> order(MigrationSet set) {
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

    private TableData scan(MigrationSet set, SetTable t, Set<ColumnRef> referenced, List<Finding> findings) {
        List<ScanColumn> cols = new ArrayList<>();
        List<ColumnRef> trusted = new ArrayList<>();
        for (ColumnRef c : t.convertedRefs()) {
            ColumnRef source = covering(set, c).map(Source::column).orElse(null);
            ColumnData sd = source == null ? null : found.get(source);
            boolean vouched = sd != null && sd.invalid() == 0;
            trusted.add(vouched ? source : null);
            cols.add(new ScanColumn(c.column(), !vouched, !vouched || !t.info().column(c.column()).notNull(),
                    referenced.contains(c) || inUniqueIndex(t, c.column()) ? CAP + 1 : 10));
        }
        Savepoint savepoint = savepoint();
        try {
            DataMapper.Scan s = m.scan(t.ref(), cols);
            release(savepoint);
            List<ColumnData> out = new ArrayList<>();
            for (int i = 0; i < cols.size(); i++) {
                ScanColumn sc = cols.get(i);
                long nonNull = lng(s.nonNull(), i);
                long bytes = sc.measured() ? lng(s.bytes(), i) : perValue(trusted.get(i), nonNull);
                ColumnData c = new ColumnData(sc.name(), s.total() - nonNull, 0,
                        lng(s.nonCanonical(), i), bytes, trusted.get(i) == null ? null : trusted.get(i).display());
                out.add(c);
                // Read in the scan's snapshot (plan runs in one), where every value is a UUID: the
                // statement casts each it returns, so a value that is not one can never pass for a spelling.
                List<String> mine = c.nonCanonical() > 0 ? otherSpellings(t.ref(), c.column(), sc.keep()) : List.of();
                if (sc.root() && sc.keep() > CAP && mine.size() == c.nonCanonical()) {
                    values.put(new ColumnRef(t.ref(), c.column()), mine);
                }
                if (c.nonCanonical() > 0) {
                    findings.add(nonCanonical(t, c, mine.stream().limit(10).toList()));
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

    /** The bytes of {@code n} values of the size the source column's values have on average. */
    private long perValue(ColumnRef source, long n) {
        long values = nonNull.getOrDefault(source, 0L);
        return values == 0 ? 0 : Math.round((double) found.get(source).bytes() / values * n);
    }

    /** Up to {@code limit} of a column's other spellings, read by parallel workers where the table is large enough. */
    private List<String> otherSpellings(TableRef table, Ident column, int limit) {
        SessionMapper sm = session.getMapper(SessionMapper.class);
        String costs = sm.parallelCostsNow();
        sm.parallelCosts("0,0");
        List<String> out = lines(m.nonCanonicalValues(table, column, limit));
        sm.parallelCosts(costs);
        return out;
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
                findings.add(nonCanonical(t, c, lines(r.ncExamples().get(i))));
            }
        }
        return new TableData(t, r.total(), out);
    }

    private static Finding nonCanonical(SetTable t, ColumnData c, List<String> examples) {
        return Finding.info("non-canonical", t.ref().display() + "." + c.column().name(), c.nonCanonical()
                + " value(s) are UUIDs in another spelling (upper case, braces or no hyphens)"
                + "; they are converted, and the old tables keep every spelling for the way back", examples);
    }

    /** Rows of a unique index that would collide as uuid ('ABC…' and 'abc…' in one key), named. */
    private void duplicates(MigrationSet set, TableData d, List<Finding> findings) {
        SetTable t = d.table();
        for (Index ix : t.info().indexes()) {
            if (!collidable(t, ix)) {
                continue;
            }
            // Per converted column the spellings that can take part in a collision: a root's own
            // other spellings; a trusted column's are its root's, and only if its source can hold
            // two spellings of one UUID. Without a complete list the rows are grouped by the patterns.
            boolean complete = d.columns().stream().allMatch(c -> c.invalid() == 0);
            boolean any = false;
            List<IndexColumn> cols = new ArrayList<>();
            for (Ident c : ix.columns()) {
                List<String> cand = null;
                if (t.isConverted(c)) {
                    ColumnRef ref = new ColumnRef(t.ref(), c);
                    if (twoSpellingsPossible(set, ref)) {
                        any = true;
                        cand = values.get(root(set, ref));
                        complete &= cand != null;
                    }
                }
                cols.add(new IndexColumn(c, t.isConverted(c), cand));
            }
            if (!any || complete && cols.stream().allMatch(c -> c.otherSpellings() == null)) {
                continue;
            }
            boolean nullsApart = !ix.nullsNotDistinct();
            List<String> own = ix.columns().size() == 1 && ix.predicate() == null && found.get(new ColumnRef(t.ref(),
                    ix.columns().get(0))).trustedTo() == null ? values.get(new ColumnRef(t.ref(), ix.columns().get(0))) : null;
            boolean collides = own != null ? collidesAlone(t.ref(), ix.columns().get(0), own)
                    : m.collide(t.ref(), cols, complete, nullsApart, ix.predicate(), UUID_PATTERN);
            List<DataMapper.Duplicate> dups = collides
                    ? m.duplicates(t.ref(), cols, complete, nullsApart, ix.predicate(), UUID_PATTERN) : List.of();
            for (DataMapper.Duplicate dup : dups) {
                findings.add(Finding.blocker("case-duplicate", t.ref().display() + "." + ix.name().name(),
                        "these rows are the same key written differently; as uuid they collide", lines(dup.variants())));
            }
            if (!dups.isEmpty()) {
                ix.columns().stream().filter(t::isConverted).forEach(c -> colliding.add(new ColumnRef(t.ref(), c)));
            }
        }
    }

    /**
     * Whether a column unique by itself collides, given all its other spellings: two of them are
     * one UUID, or the canonical form of one is in the column too. The column is read once, for
     * the canonical forms only: half the candidates of the grouped search, and no grouping.
     */
    private boolean collidesAlone(TableRef table, Ident column, List<String> otherSpellings) {
        Set<String> canonical = new HashSet<>(otherSpellings.size() * 2);
        StringBuilder lines = new StringBuilder(otherSpellings.size() * 37);
        for (String v : otherSpellings) {
            String c = UuidSpelling.canonical(v);
            if (!canonical.add(c)) {
                return true;
            }
            lines.append(lines.isEmpty() ? "" : "\n").append(c);
        }
        return m.holdsAny(table, column, lines.toString());
    }

    /**
     * The rows of a unique index of the table that collide as uuid, for the copy to name when an
     * index build of a shadow fails on them (a collision the checks trusted a validated key to
     * exclude): each converted column of each unique index is grouped by the patterns, a slow path
     * for a failure that is rare. Empty if none collides (the index build failed otherwise).
     */
    public List<Finding> collisionsIn(SetTable t) {
        List<Finding> out = new ArrayList<>();
        for (Index ix : t.info().indexes()) {
            if (!collidable(t, ix)) {
                continue;
            }
            List<IndexColumn> cols = ix.columns().stream().map(c -> new IndexColumn(c, t.isConverted(c), null)).toList();
            for (DataMapper.Duplicate dup : m.duplicates(t.ref(), cols, false, !ix.nullsNotDistinct(), ix.predicate(), UUID_PATTERN)) {
                out.add(Finding.blocker("case-duplicate", t.ref().display() + "." + ix.name().name(),
                        "these rows are the same key written differently; as uuid they collide", lines(dup.variants())));
            }
        }
        return out;
    }

    /** A unique index over plain columns, one of them converted: its rows could collide as uuid. */
    private static boolean collidable(SetTable t, Index ix) {
        return ix.unique() && ix.columns().size() == ix.keys().size() && ix.columns().stream().anyMatch(t::isConverted);
    }

    /** The column a trusted column's values come from (following trusted keys), else the column itself. */
    private ColumnRef root(MigrationSet set, ColumnRef c) {
        ColumnData cd = found.get(c);
        return cd == null || cd.trustedTo() == null ? c : root(set, covering(set, c).orElseThrow().column());
    }

    /**
     * Whether a column can hold two spellings of one UUID. A root: where it has other spellings,
     * unless a unique index on it alone was searched and found none colliding. A trusted column:
     * where its source can (it holds its source's values, as its source spells them).
     */
    private boolean twoSpellingsPossible(MigrationSet set, ColumnRef c) {
        ColumnData cd = found.get(c);
        if (cd != null && cd.trustedTo() != null) {
            return twoSpellingsPossible(set, covering(set, c).orElseThrow().column());
        }
        if (cd == null || cd.invalid() > 0) {
            return true;
        }
        return cd.nonCanonical() > 0 && (!searched.contains(c.table()) || colliding.contains(c)
                || !Spellings.uniqueByItself(set.table(c.table()), c.column()));
    }

    private void orphans(MigrationSet set, List<Finding> findings) {
        for (ForeignKey fk : set.ownFks()) {
            if ((!fk.validated() || recheckKeys) && set.contains(fk.to())) {
                List<ColumnPair> pairs = IntStream.range(0, fk.fromColumns().size())
                        .mapToObj(i -> new ColumnPair(fk.fromColumns().get(i), fk.toColumns().get(i))).toList();
                CatalogMapper.Orphans r = session.getMapper(CatalogMapper.class).orphans(fk.from(), fk.to(), fk.fromColumns(), pairs);
                if (r.total() > 0) {
                    findings.add(Finding.blocker("orphans", fk.from().display() + " (" + fk.name().name() + ")",
                            r.total() + " row(s) reference keys missing from " + fk.to().display() + (fk.validated()
                                    ? " (as strings) although the constraint is validated: written with it bypassed; a key"
                                            + " spelled otherwise than its parent's would also fail verify; fix or delete them"
                                    : " (the constraint is NOT VALID); the new constraint could never be validated"),
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
