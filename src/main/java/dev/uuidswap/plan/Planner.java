package dev.uuidswap.plan;

import dev.uuidswap.catalog.CatalogMapper;
import dev.uuidswap.catalog.DataChecker;
import dev.uuidswap.catalog.Finding;
import dev.uuidswap.catalog.Inspector;
import dev.uuidswap.catalog.Inspector.ServerFacts;
import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.catalog.Model.Column;
import dev.uuidswap.catalog.Model.TableInfo;
import dev.uuidswap.db.Database;
import dev.uuidswap.db.DdlStep;
import dev.uuidswap.db.GiveWay;
import dev.uuidswap.model.ColumnRef;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.model.UuidswapException;
import dev.uuidswap.shadow.ShadowBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.TransactionIsolationLevel;

/**
 * The plan flow: inspect, check the schema and try its DDL on empty temporary tables, check the
 * data, list what depends on the set, estimate, and preview the DDL. Read-only: the trial run and
 * the timing sample run in transactions that are rolled back, and neither runs on a standby.
 */
public final class Planner {
    private final Database db;
    private final ShadowBuilder builder;
    private final Function<MigrationSet, List<DdlStep>> swapScript;
    private final Duration lockWait;

    /** {@code lockWait}: how long the plan's reads may wait for a table another session holds exclusively. */
    public Planner(Database db, ShadowBuilder builder, Function<MigrationSet, List<DdlStep>> swapScript, Duration lockWait) {
        this.db = db;
        this.builder = builder;
        this.swapScript = swapScript;
        this.lockWait = lockWait;
    }

    /** Hears how far the data checks are: the rows expected, then each table's rows as it is checked. */
    public interface Watcher {
        void expect(long rows);

        void checked(long rows);

        void finished();
    }

    /**
     * What a plan run does besides reading the catalog, and who watches its progress. {@code
     * recheckKeys}: the data checks trust no validated foreign key (--recheck-foreign-keys).
     */
    public record Options(boolean dataChecks, boolean recheckKeys, Watcher watcher) {
        public static Options full() {
            return new Options(true, false, new Watcher() {
                @Override
                public void expect(long rows) {
                }

                @Override
                public void checked(long rows) {
                }

                @Override
                public void finished() {
                }
            });
        }
    }

    /** The discovered set and the schema-level findings. {@code set} is null when there is nothing to do. */
    public record Discovery(ServerFacts server, TableInfo parent, MigrationSet set, List<Finding> findings,
            boolean nothingToDo) {
    }

    /** The set alone (no data scan), for the commands after plan. */
    public Discovery discover(TableRef parent, List<ColumnRef> also) {
        return db.inTransaction(s -> discover(s.getMapper(CatalogMapper.class), parent, also));
    }

    private Discovery discover(CatalogMapper cm, TableRef parentRef, List<ColumnRef> also) {
        Inspector in = new Inspector(cm);
        ServerFacts server = in.serverFacts();
        List<Finding> f = new ArrayList<>();
        TableInfo parent = in.table(parentRef);
        if (parent.primaryKey().size() != 1) {
            f.add(Finding.blocker("parent-key", parentRef.display(), parent.primaryKey().isEmpty()
                    ? "the parent table has no primary key" : "the parent key is not a single column: "
                    + parent.primaryKey().stream().map(Ident::name).toList()));
            return new Discovery(server, parent, null, f, false);
        }
        Ident key = parent.primaryKey().get(0);
        Column keyCol = parent.column(key);
        if (keyCol.typname().equals("uuid")) {
            return new Discovery(server, parent, null, List.of(), true);
        }
        if (!keyCol.isStringType()) {
            f.add(Finding.blocker("key-type", parentRef.display() + "." + key.name(),
                    "the key is " + keyCol.type() + ", not a string type holding UUIDs"));
            return new Discovery(server, parent, null, f, false);
        }
        for (ColumnRef c : also) {
            if (!in.table(c.table()).hasColumn(c.column())) {
                throw new UuidswapException(ExitCode.USAGE, "--also: column " + c.display() + " does not exist");
            }
        }
        MigrationSet set = in.discover(parentRef, key, also);
        f.addAll(SchemaChecks.check(set, in, cm, builder));
        return new Discovery(server, parent, set, f, false);
    }

    /** The whole plan: discovery, the DDL tried, one data scan per table, estimates, DDL preview. */
    public Plan plan(TableRef parentRef, List<ColumnRef> also, Options options) {
        // One snapshot for every check: the data checks' passes build on each other's results.
        // Read-only: whatever is tried (trial DDL, the rate sample) is undone before the rollback.
        return GiveWay.reading(db, TransactionIsolationLevel.REPEATABLE_READ, "the plan's checks", lockWait,
                s -> plan(s, parentRef, also, options));
    }

    private Plan plan(SqlSession s, TableRef parentRef, List<ColumnRef> also, Options options) {
        CatalogMapper cm = s.getMapper(CatalogMapper.class);
        Discovery d = discover(cm, parentRef, also);
        String server = "PostgreSQL " + d.server().version();
        if (d.nothingToDo() || d.set() == null) {
            return new Plan(parentRef.display(), d.parent().primaryKey().isEmpty() ? null
                    : d.parent().primaryKey().get(0).name(), d.server().database(), server, d.nothingToDo(), false,
                    List.of(), d.findings(), List.of(), null, List.of(), Plan.Ddl.none());
        }
        MigrationSet set = d.set();
        List<Finding> findings = new ArrayList<>(d.findings());
        boolean readOnly = d.server().inRecovery();
        if (readOnly) {
            findings.add(Finding.warning("standby", d.server().database(), "a read-only standby: prepare's statements"
                    + " were not tried and the copy rate was not sampled; run plan on the primary before prepare"));
        } else {
            findings.addAll(new TrialRun(db, builder).run(s, set, blockedTables(set, findings)));
        }
        boolean schemaBlocked = findings.stream().anyMatch(Finding::isBlocker);
        DataChecker.Result data = null;
        if (options.dataChecks()) {
            options.watcher().expect(set.tables().stream().mapToLong(t -> t.info().estRows()).sum());
            data = new DataChecker(s, options.recheckKeys()).check(set, options.watcher()::checked);
            options.watcher().finished();
            findings.addAll(data.findings());
        } else {
            findings.add(Finding.warning("data-not-checked", parentRef.display(), "the data checks were skipped"
                    + " (--no-data-checks): values that are not UUIDs, colliding spellings and orphans were not"
                    + " looked for; prepare checks them"));
        }
        boolean blocked = findings.stream().anyMatch(Finding::isBlocker);
        Double rate = blocked || readOnly ? null : Estimator.sampleRate(s, set);
        Estimator est = new Estimator(set, data, builder);
        Plan.Estimates totals = est.totals(rate, d.server(), cm.tablespaces());
        for (Plan.Disk disk : totals.disks()) {
            if (disk.short_()) {
                // pg_repack #454: a full copy needs about the table's size again; better refused now.
                findings.add(Finding.blocker("disk", "tablespace " + disk.tablespace(), "the shadows need about "
                        + disk.needed() / 1048576 + " MB here (" + disk.location() + ") but only "
                        + disk.free() / 1048576 + " MB are free"));
            }
        }
        boolean nonCanonical = data != null && data.tables().stream()
                .anyMatch(t -> t.columns().stream().anyMatch(c -> c.nonCanonical() > 0));
        return new Plan(parentRef.display(), set.key().name(), d.server().database(), server, false, data != null,
                est.tables(), findings, Dependents.of(set, builder), totals,
                AppCompatibility.risks(set, d.server(), nonCanonical),
                // A schema blocker can make the DDL impossible to even write (an unreadable index).
                schemaBlocked ? Plan.Ddl.none()
                        : new Plan.Ddl(render(prepareSteps(set)), render(indexSteps(set)), render(swapScript.apply(set))));
    }

    /** Tables with a blocker of their own: their DDL is not tried (it would fail for the same reason). */
    private static Set<TableRef> blockedTables(MigrationSet set, List<Finding> findings) {
        Set<String> objects = findings.stream().filter(Finding::isBlocker).map(Finding::object).collect(Collectors.toSet());
        Set<TableRef> out = new HashSet<>();
        for (SetTable t : set.tables()) {
            String n = t.ref().display();
            if (objects.stream().anyMatch(o -> o.equals(n) || o.startsWith(n + ".") || o.startsWith(n + " "))) {
                out.add(t.ref());
            }
        }
        return out;
    }

    public List<DdlStep> prepareSteps(MigrationSet set) {
        List<DdlStep> steps = new ArrayList<>();
        for (SetTable t : set.tables()) {
            steps.addAll(builder.shadowTable(t));
            steps.addAll(builder.captureLog(t, set));
            steps.addAll(builder.captureTriggers(t));
        }
        return steps;
    }

    public List<DdlStep> indexSteps(MigrationSet set) {
        List<DdlStep> steps = new ArrayList<>();
        for (SetTable t : set.tables()) {
            steps.addAll(builder.indexes(t, set));
        }
        return steps;
    }

    private List<String> render(List<DdlStep> steps) {
        return steps.stream().map(db::render).toList();
    }
}
