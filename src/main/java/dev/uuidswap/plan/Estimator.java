package dev.uuidswap.plan;

import dev.uuidswap.catalog.CatalogMapper.TablespaceRow;
import dev.uuidswap.catalog.DataChecker;
import dev.uuidswap.catalog.DataChecker.ColumnData;
import dev.uuidswap.catalog.DataChecker.TableData;
import dev.uuidswap.catalog.Inspector.ServerFacts;
import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.catalog.Model.Column;
import dev.uuidswap.catalog.Model.Index;
import dev.uuidswap.copy.CopyColumn;
import dev.uuidswap.copy.CopyMapper;
import dev.uuidswap.db.Savepoints;
import dev.uuidswap.db.SqlStates;
import dev.uuidswap.model.Ident;
import dev.uuidswap.plan.Plan.ColumnPlan;
import dev.uuidswap.plan.Plan.Disk;
import dev.uuidswap.plan.Plan.TablePlan;
import dev.uuidswap.shadow.ShadowBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.ibatis.session.SqlSession;

/** Sizes now and after, disk needed per tablespace, and copy time from a short measured sample. */
final class Estimator {
    /** Bulk copy plus deferred index and key builds, relative to the bare insert (measured: 1.4–2.3×). */
    static final double INDEX_FACTOR = 2.3;
    static final int SAMPLE_ROWS = 20_000;
    /** A uuid index entry against a 36-character string entry, tuple overhead included. */
    static final double INDEX_SHRINK = 24.0 / 48.0;
    static final String DEFAULT = "pg_default";

    private final MigrationSet set;
    private final DataChecker.Result data;
    private final ShadowBuilder builder;

    /** {@code data} null: the data checks were skipped. */
    Estimator(MigrationSet set, DataChecker.Result data, ShadowBuilder builder) {
        this.set = set;
        this.data = data;
        this.builder = builder;
    }

    List<TablePlan> tables() {
        List<TablePlan> out = new ArrayList<>();
        for (SetTable t : set.tables()) {
            TableData d = data(t);
            List<ColumnPlan> cols = new ArrayList<>();
            for (Column c : t.info().columns()) {
                boolean conv = t.isConverted(c.name());
                ColumnData cd = conv && d != null ? d.column(c.name()) : null;
                cols.add(new ColumnPlan(c.name().name(), c.type(), conv ? "uuid" : c.type(), conv,
                        cd == null ? null : cd.nulls(), read(cd) ? cd.invalid() : null, read(cd) ? cd.nonCanonical() : null,
                        cd == null ? null : cd.trustedTo()));
            }
            List<String> newIdx = builder.missingFkIndexes(t, set).stream()
                    .map(l -> l.stream().map(Ident::name).toList().toString()).toList();
            String role = t.ref().equals(set.parent()) ? "parent" : "child";
            out.add(new TablePlan(t.ref().display(), role, d == null ? t.info().estRows() : d.rows(),
                    t.info().totalBytes(), bytesAfter(t, d), cols, newIdx));
        }
        return out;
    }

    /** Whether the column's values were read (not only counted under a trusted key): else its counts are unknown. */
    private static boolean read(ColumnData cd) {
        return cd != null && cd.trustedTo() == null;
    }

    private TableData data(SetTable t) {
        return data == null ? null : data.tables().stream().filter(d -> d.table().ref().equals(t.ref())).findFirst().orElse(null);
    }

    /** Heap shrinks by the converted bytes less 16 per value; indexes on converted columns by about half. */
    private long bytesAfter(SetTable t, TableData d) {
        long heap = t.info().heapBytes();
        if (d != null) {
            heap = Math.max(0, heap - d.convertedBytes() + 16 * d.nonNullValues());
        }
        return heap + toast(t) + t.info().indexes().stream().mapToLong(ix -> indexAfter(t, ix)).sum();
    }

    private static long indexAfter(SetTable t, Index ix) {
        return ix.columns().stream().anyMatch(t::isConverted) ? (long) (ix.bytes() * INDEX_SHRINK) : ix.bytes();
    }

    private static long toast(SetTable t) {
        return Math.max(0, t.info().totalBytes() - t.info().heapBytes()
                - t.info().indexes().stream().mapToLong(Index::bytes).sum());
    }

    Plan.Estimates totals(Double rate, ServerFacts server, List<TablespaceRow> tablespaces) {
        List<TablePlan> tp = tables();
        long rows = tp.stream().mapToLong(TablePlan::rows).sum();
        long now = tp.stream().mapToLong(TablePlan::bytesNow).sum();
        long after = tp.stream().mapToLong(TablePlan::bytesAfter).sum();
        long largest = tp.stream().mapToLong(TablePlan::rows).max().orElse(0);
        Double copy = rate == null || rate <= 0 ? null : rows / rate * INDEX_FACTOR;
        Double snapshot = rate == null || rate <= 0 ? null : largest / rate;
        return new Plan.Estimates(rows, now, after, disks(tp, server, tablespaces), rate, copy, snapshot);
    }

    /**
     * What each tablespace must hold: a shadow's heap and toast where the shadow goes, each index
     * where its own rebuild goes; and the WAL of writing all of it once in the data directory.
     */
    private List<Disk> disks(List<TablePlan> tp, ServerFacts server, List<TablespaceRow> tablespaces) {
        Map<String, Long> needed = new LinkedHashMap<>();
        needed.put(DEFAULT, 0L);
        for (int i = 0; i < set.tables().size(); i++) {
            SetTable t = set.tables().get(i);
            TableData d = data(t);
            long heap = d == null ? t.info().heapBytes() : Math.max(0, t.info().heapBytes() - d.convertedBytes() + 16 * d.nonNullValues());
            needed.merge(name(builder.tablespaceOf(t)), heap + toast(t), Long::sum);
            for (Index ix : t.info().indexes()) {
                needed.merge(name(builder.tablespaceOf(t) != null && ix.tablespace() == null ? null : ix.tablespace()),
                        indexAfter(t, ix), Long::sum);
            }
            needed.merge(DEFAULT, tp.get(i).bytesAfter(), Long::sum); // WAL in the data directory
        }
        List<Disk> out = new ArrayList<>();
        for (var e : needed.entrySet()) {
            String location = tablespaces.stream().filter(x -> x.name().equals(e.getKey())).map(TablespaceRow::location)
                    .findFirst().orElse("");
            out.add(new Disk(e.getKey(), location.isEmpty() ? server.dataDirectory() : location, e.getValue(),
                    free(location, server.dataDirectory())));
        }
        return out;
    }

    private static String name(Ident tablespace) {
        return tablespace == null ? DEFAULT : tablespace.name();
    }

    /** Free bytes where the directory is on this machine (uuidswap runs on the server), else null. */
    private static Long free(String location, String dataDirectory) {
        if (dataDirectory == null && (location == null || !location.startsWith("/"))) {
            return null;
        }
        try {
            Path p = location == null || location.isEmpty() ? Path.of(dataDirectory)
                    : location.startsWith("/") ? Path.of(location) : Path.of(dataDirectory).resolve(location);
            return Files.exists(p) ? Files.getFileStore(p).getUsableSpace() : null;
        } catch (Exception e) {
            return null; // not readable from here: the report says "unknown"
        }
    }

    /**
     * Rows per second of the copy's own statement into a bare table, measured on the largest table
     * in a transaction that is rolled back (plan writes nothing). Not on a read-only server.
     */
    static Double sampleRate(SqlSession s, MigrationSet set) {
        SetTable largest = set.tables().stream().max((a, b) -> Long.compare(a.info().estRows(), b.info().estRows()))
                .orElseThrow();
        try {
            // In the plan's transaction, undone after: its locks already cover the read (see TrialRun).
            return Savepoints.undone(s, x -> {
                CopyMapper m = x.getMapper(CopyMapper.class);
                List<CopyColumn> cols = CopyColumn.of(largest);
                m.sampleTable(largest.ref(), cols);
                long t0 = System.nanoTime();
                int n = m.sampleInsert(largest.ref(), cols, SAMPLE_ROWS);
                double secs = (System.nanoTime() - t0) / 1e9;
                return n < 1000 ? null : n / secs;
            });
        } catch (RuntimeException e) {
            if (SqlStates.is(e, SqlStates.QUERY_CANCELED)) {
                throw e; // the plan gives way to a lock request (GiveWay), not a failed sample
            }
            return null; // no TEMP right, or the sample hit a bad value: the estimate says "not measured"
        }
    }

    /** The columns of the plan's report for a table whose data was not checked. */
    static boolean unchecked(ColumnPlan c) {
        return c.converted() && c.nulls() == null;
    }
}
