package dev.uuidswap.verify;

import dev.uuidswap.catalog.DataChecker;
import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.catalog.Spellings;
import dev.uuidswap.copy.CatchUp;
import dev.uuidswap.db.Database;
import dev.uuidswap.db.GiveWay;
import dev.uuidswap.model.ColumnRef;
import dev.uuidswap.model.KeyColumn;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.shadow.ShadowBuilder;
import dev.uuidswap.verify.VerifyResult.KeyDiff;
import dev.uuidswap.verify.VerifyResult.TableResult;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.ibatis.session.TransactionIsolationLevel;

/**
 * Compares one table's string side and uuid side: count and sum of 64-bit row hashes
 * ({@link HashColumn}) per table, and per key-hash bucket (one pass per side for all buckets) when
 * the tables differ or to recheck pending keys; both sides read in one REPEATABLE READ snapshot,
 * keys with a pending change left out. Buckets that differ without a pending change are real differences: the exact keys are listed.
 * Buckets that held pending keys are re-synced and checked again, up to three rounds.
 */
public final class Verifier {
    static final int ROUNDS = 3;
    private static final String P = DataChecker.UUID_PATTERN;
    static final int KEY_LIMIT = 100;
    /**
     * Below this many rows a table is hashed without parallel workers: on the bench machine 300,000
     * journal entries (70 MB, cached) hashed in 92 ms serially and in 135 ms with two workers, whose
     * start-up outweighs what they share; at millions of rows the workers pay for themselves.
     */
    static final long SERIAL_BELOW_ROWS = 400_000;

    private final Database db;
    private final CatchUp catchUp;
    private final int batch;
    private final Duration lockWait;

    /** {@code lockWait}: how long a round waits for a table another session holds exclusively. */
    public Verifier(Database db, CatchUp catchUp, int batch, Duration lockWait) {
        this.db = db;
        this.catchUp = catchUp;
        this.batch = batch;
        this.lockWait = lockWait;
    }

    /**
     * {@code source} is the string side, {@code target} the uuid side, {@code log} the change log
     * that feeds the target (null when the target is kept in sync by triggers directly).
     */
    public TableResult verify(MigrationSet set, SetTable t, TableRef source, TableRef target, TableRef log) {
        List<KeyColumn> key = ShadowBuilder.logKey(t);
        List<HashColumn> keyHash = HashColumn.key(t);
        List<HashColumn> logHash = HashColumn.keyInLog(t);
        List<HashColumn> cols = HashColumn.row(set, t);
        long rows = Math.max(t.info().estRows(), 1);
        int buckets = Integer.highestOneBit((int) Math.min(16_384, Math.max(16, rows / 1_000)));
        long mask = buckets - 1;
        Set<Long> filter = null;
        Round first = null;
        int rechecked = 0;
        boolean confirming = false;
        List<SetTable> feeders = log == null ? List.of() : feeders(set, t);
        for (int round = 1; round <= ROUNDS || confirming; round++) {
            if (log != null) {
                // The tables whose spellings this one's converted columns are written back in
                // first: a child row is compared through its parent's map.
                feeders.forEach(f -> catchUp.drainTable(set, f, batch, Long.MAX_VALUE));
                catchUp.drainTable(set, t, batch, Long.MAX_VALUE);
            }
            Set<Long> f = filter;
            // A round on a large table reads for minutes: it gives way to a DDL queued behind it (GiveWay).
            Round r = GiveWay.reading(db, TransactionIsolationLevel.REPEATABLE_READ, "verify", lockWait, s -> {
                VerifyMapper m = s.getMapper(VerifyMapper.class);
                m.tune(t.info().estRows() < SERIAL_BELOW_ROWS);
                if (log != null && m.pendingTruncate(log)) {
                    return new Round(Map.of(), Map.of(), null, List.of(), 0, Set.of());
                }
                Set<Long> pending = log == null ? Set.of() : new TreeSet<>(m.pendingBuckets(log, logHash, mask, P));
                // Same snapshot as the scans: with nothing pending, the anti-join against the log
                // (a probe per row) can be left out.
                TableRef pendingLog = pending.isEmpty() ? null : log;
                if (f == null) {
                    // The table first: one parallel aggregate per side, no grouping. A difference in
                    // any bucket changes the table's count or sum (short of a 2^-64 cancellation), so
                    // the per-bucket pass only runs when the tables differ.
                    Map<Long, Agg> ta = aggs(m.bucketsS(false, source, pendingLog, key, keyHash, cols, mask, null, P));
                    Map<Long, Agg> tb = aggs(m.bucketsT(false, target, pendingLog, key, keyHash, cols, mask, null, P));
                    if (ta.equals(tb)) {
                        return new Round(ta, tb, pending, List.of(), 0, Set.of());
                    }
                }
                Map<Long, Agg> a = aggs(m.bucketsS(true, source, pendingLog, key, keyHash, cols, mask, f, P));
                Map<Long, Agg> b = aggs(m.bucketsT(true, target, pendingLog, key, keyHash, cols, mask, f, P));
                Set<Long> differing = new TreeSet<>();
                Set<Long> all = new TreeSet<>(a.keySet());
                all.addAll(b.keySet());
                for (Long k : all) {
                    if (!a.getOrDefault(k, Agg.ZERO).equals(b.getOrDefault(k, Agg.ZERO))) {
                        differing.add(k);
                    }
                }
                List<KeyDiff> diffs = differing.isEmpty() ? List.of()
                        : m.diffKeys(source, target, pendingLog, key, keyHash, cols, mask, differing, KEY_LIMIT, P).stream()
                                .map(x -> new KeyDiff(x.key(), x.kind())).toList();
                return new Round(a, b, pending, diffs.isEmpty() && !differing.isEmpty()
                        ? List.of(new KeyDiff("buckets " + differing, "different")) : diffs, differing.size(), differing);
            });
            if (first == null && r.pending != null) {
                first = r;
            }
            if (!r.diffs.isEmpty()) {
                if (confirming || log == null) {
                    return result(source, target, first == null ? r : first, buckets, r.differing, r.diffs, rechecked, 0);
                }
                // Once more after another catch-up of this table and its feeders: a row and its
                // parent's spelling written between their two catch-ups differ for a moment only.
                confirming = true;
                filter = new TreeSet<>(r.differingBuckets);
                if (r.pending != null) {
                    filter.addAll(r.pending);
                }
                rechecked += filter.size();
                continue;
            }
            confirming = false;
            if (r.pending != null && r.pending.isEmpty()) {
                return result(source, target, first, buckets, 0, List.of(), rechecked, 0);
            }
            filter = r.pending;
            rechecked += r.pending == null ? 0 : r.pending.size();
        }
        int inFlight = filter == null ? buckets : filter.size();
        return result(source, target, first == null ? new Round(Map.of(), Map.of(), Set.of(), List.of(), 0, Set.of()) : first,
                buckets, 0, List.of(), rechecked, inFlight);
    }

    private TableResult result(TableRef source, TableRef target, Round r, int buckets, int differing,
            List<KeyDiff> diffs, int rechecked, int inFlight) {
        long[] sizes = db.inTransaction(s -> new long[] {
                s.getMapper(VerifyMapper.class).size(source.toString()),
                s.getMapper(VerifyMapper.class).size(target.toString())});
        Agg a = Agg.total(r.source);
        Agg b = Agg.total(r.target);
        return new TableResult(source.display(), target.display(), a.n, b.n, a.h.toString(), b.h.toString(),
                sizes[0], sizes[1], buckets, differing, rechecked, inFlight, diffs);
    }

    private static Map<Long, Agg> aggs(List<VerifyMapper.BucketRow> rows) {
        Map<Long, Agg> out = new HashMap<>();
        for (VerifyMapper.BucketRow r : rows) {
            out.put(r.bucket(), new Agg(r.n(), r.h() == null ? BigDecimal.ZERO : r.h()));
        }
        return out;
    }

    private record Round(Map<Long, Agg> source, Map<Long, Agg> target, Set<Long> pending, List<KeyDiff> diffs,
            int differing, Set<Long> differingBuckets) {
    }

    /** The other tables of the set whose spelling maps spell this table's converted columns. */
    static List<SetTable> feeders(MigrationSet set, SetTable t) {
        Set<TableRef> maps = new HashSet<>();
        for (ColumnRef c : t.convertedRefs()) {
            Spellings.forColumn(set, c).ifPresent(maps::add);
        }
        return Spellings.of(set).stream().filter(m -> maps.contains(m.table()) && !m.column().table().equals(t.ref()))
                .map(m -> set.table(m.column().table())).distinct().toList();
    }

    /** Count and hash sum of one bucket. */
    record Agg(long n, BigDecimal h) {
        static final Agg ZERO = new Agg(0, BigDecimal.ZERO);

        static Agg total(Map<Long, Agg> m) {
            return m.values().stream().reduce(ZERO, (x, y) -> new Agg(x.n + y.n, x.h.add(y.h)));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Agg a && a.n == n && a.h.compareTo(h) == 0;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(n);
        }
    }
}
