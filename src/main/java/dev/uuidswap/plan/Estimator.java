package dev.uuidswap.plan;

import dev.uuidswap.catalog.DataChecker;
import dev.uuidswap.catalog.DataChecker.TableData;
import dev.uuidswap.catalog.Inspector.ServerFacts;
import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.catalog.Model.Column;
import dev.uuidswap.catalog.Model.Index;
import dev.uuidswap.copy.CopyColumn;
import dev.uuidswap.copy.CopyMapper;
import dev.uuidswap.db.Database;
import dev.uuidswap.model.Ident;
import dev.uuidswap.plan.Plan.ColumnPlan;
import dev.uuidswap.plan.Plan.TablePlan;
import dev.uuidswap.shadow.ShadowBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.TransactionIsolationLevel;

/** Sizes now and after, disk needed, and copy time from a short measured sample. */
final class Estimator {
    /** Bulk copy plus deferred index and key builds, relative to the bare insert (spec §5: 1.4–2.3×). */
    static final double INDEX_FACTOR = 2.3;
    static final int SAMPLE_ROWS = 20_000;
    /** A uuid index entry against a 36-character string entry, tuple overhead included. */
    static final double INDEX_SHRINK = 24.0 / 48.0;

    private final MigrationSet set;
    private final DataChecker.Result data;
    private final ShadowBuilder builder;

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
                int i = t.converted().indexOf(c.name());
                cols.add(new ColumnPlan(c.name().name(), c.type(), i >= 0 ? "uuid" : c.type(), i >= 0,
                        i >= 0 && d != null ? d.nulls()[i] : 0, i >= 0 && d != null ? d.invalid()[i] : 0,
                        i >= 0 && d != null ? Math.max(0, d.nonCanonical()[i] - d.invalid()[i] - d.nulls()[i]) : 0));
            }
            List<String> newIdx = builder.missingFkIndexes(t, set).stream()
                    .map(l -> l.stream().map(Ident::name).toList().toString()).toList();
            String role = t.ref().equals(set.parent()) ? "parent" : "child";
            out.add(new TablePlan(t.ref().display(), role, d == null ? t.info().estRows() : d.rows(),
                    t.info().totalBytes(), bytesAfter(t, d), cols, newIdx));
        }
        return out;
    }

    private TableData data(SetTable t) {
        return data.tables().stream().filter(d -> d.table().ref().equals(t.ref())).findFirst().orElse(null);
    }

    /** Heap shrinks by the converted bytes less 16 per value; indexes on converted columns by about half. */
    private long bytesAfter(SetTable t, TableData d) {
        long heap = t.info().heapBytes();
        if (d != null) {
            heap = Math.max(0, heap - d.convertedBytes() + 16 * d.nonNullValues());
        }
        long indexes = 0;
        for (Index ix : t.info().indexes()) {
            boolean conv = ix.columns().stream().anyMatch(t::isConverted);
            indexes += conv ? (long) (ix.bytes() * INDEX_SHRINK) : ix.bytes();
        }
        long toast = Math.max(0, t.info().totalBytes() - t.info().heapBytes()
                - t.info().indexes().stream().mapToLong(Index::bytes).sum());
        return heap + indexes + toast;
    }

    Plan.Estimates totals(Double rate, ServerFacts server) {
        List<TablePlan> tp = tables();
        long rows = tp.stream().mapToLong(TablePlan::rows).sum();
        long now = tp.stream().mapToLong(TablePlan::bytesNow).sum();
        long after = tp.stream().mapToLong(TablePlan::bytesAfter).sum();
        long largest = tp.stream().mapToLong(TablePlan::rows).max().orElse(0);
        // The shadows hold a full copy, and the WAL of writing it passes through pg_wal once more.
        long needed = after * 2;
        Double copy = rate == null || rate <= 0 ? null : rows / rate * INDEX_FACTOR;
        Double snapshot = rate == null || rate <= 0 ? null : largest / rate;
        return new Plan.Estimates(rows, now, after, needed, freeDisk(server), rate, copy, snapshot);
    }

    private static Long freeDisk(ServerFacts server) {
        if (server.dataDirectory() == null) {
            return null;
        }
        try {
            Path p = Path.of(server.dataDirectory());
            return Files.exists(p) ? Files.getFileStore(p).getUsableSpace() : null;
        } catch (Exception e) {
            return null; // not on this machine, or not readable: the report says "unknown"
        }
    }

    /**
     * Rows per second of the copy's own statement into a bare table, measured on the largest table
     * in a transaction that is rolled back (plan writes nothing).
     */
    static Double sampleRate(Database db, MigrationSet set) {
        SetTable largest = set.tables().stream().max((a, b) -> Long.compare(a.info().estRows(), b.info().estRows()))
                .orElseThrow();
        try (SqlSession s = db.openSession(TransactionIsolationLevel.READ_COMMITTED)) {
            CopyMapper m = s.getMapper(CopyMapper.class);
            List<CopyColumn> cols = CopyColumn.of(largest);
            m.sampleTable(largest.ref(), cols);
            long t0 = System.nanoTime();
            int n = m.sampleInsert(largest.ref(), cols, SAMPLE_ROWS);
            double secs = (System.nanoTime() - t0) / 1e9;
            s.rollback(true);
            return n < 1000 ? null : n / secs;
        }
    }
}
