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
import dev.uuidswap.model.ColumnRef;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.model.UuidswapException;
import dev.uuidswap.shadow.ShadowBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The plan flow: inspect, check the data, list what depends on the set, estimate, and preview the
 * DDL. Read-only: its one timing sample runs in a transaction that is rolled back.
 */
public final class Planner {
    private final Database db;
    private final ShadowBuilder builder;
    private final Function<MigrationSet, List<DdlStep>> swapScript;

    public Planner(Database db, ShadowBuilder builder, Function<MigrationSet, List<DdlStep>> swapScript) {
        this.db = db;
        this.builder = builder;
        this.swapScript = swapScript;
    }

    /** The set alone (no data scan), for the commands after plan; blockers of the schema included. */
    public Discovery discover(TableRef parent, List<ColumnRef> also) {
        return db.inTransaction(s -> discover(new Inspector(s.getMapper(CatalogMapper.class)), parent, also));
    }

    /** The discovered set and the schema-level findings. {@code set} is null when there is nothing to do. */
    public record Discovery(ServerFacts server, TableInfo parent, MigrationSet set, List<Finding> findings,
            boolean nothingToDo) {
    }

    Discovery discover(Inspector in, TableRef parentRef, List<ColumnRef> also) {
        ServerFacts server = in.serverFacts();
        List<Finding> f = new ArrayList<>();
        // 14: TID range scans (the copy's heap-block ranges) and hash_record_extended (the verify's
        // row hash). 13 is out of support since November 2025.
        if (server.versionNum() < 140000) {
            f.add(Finding.blocker("server", server.database(), "PostgreSQL 14 or newer is required"));
        }
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
        f.addAll(SchemaChecks.check(set, in, builder));
        return new Discovery(server, parent, set, f, false);
    }

    /** The whole plan: discovery, one data scan per table, estimates, DDL preview. */
    public Plan plan(TableRef parentRef, List<ColumnRef> also) {
        return db.inTransaction(s -> {
            CatalogMapper cm = s.getMapper(CatalogMapper.class);
            Discovery d = discover(new Inspector(cm), parentRef, also);
            String server = "PostgreSQL " + d.server().version();
            if (d.nothingToDo() || d.set() == null) {
                return new Plan(parentRef.display(), d.parent().primaryKey().isEmpty() ? null
                        : d.parent().primaryKey().get(0).name(), d.server().database(), server, d.nothingToDo(),
                        List.of(), d.findings(), List.of(), null, List.of(), new Plan.Ddl(List.of(), List.of(), List.of()));
            }
            MigrationSet set = d.set();
            List<Finding> findings = new ArrayList<>(d.findings());
            boolean schemaBlocked = findings.stream().anyMatch(Finding::isBlocker);
            DataChecker.Result data = new DataChecker(cm).check(set);
            findings.addAll(data.findings());
            boolean dataBlocked = data.findings().stream().anyMatch(Finding::isBlocker);
            Double rate = dataBlocked || schemaBlocked ? null : Estimator.sampleRate(db, set);
            Estimator est = new Estimator(set, data, builder);
            // A schema blocker can make the DDL impossible to even write (an unreadable index); none is shown then.
            List<String> swapDdl = schemaBlocked ? List.of() : render(swapScript.apply(set));
            Plan.Estimates totals = est.totals(rate, d.server());
            if (totals.diskFree() != null && totals.diskFree() < totals.diskNeeded()) {
                // pg_repack #454: a full copy needs about the table's size again; better refused now.
                findings.add(Finding.blocker("disk", d.server().database(), "the shadows need about "
                        + totals.diskNeeded() / 1048576 + " MB but only " + totals.diskFree() / 1048576 + " MB are free"));
            }
            return new Plan(parentRef.display(), set.key().name(), d.server().database(), server, false,
                    est.tables(), findings, Dependents.of(set, builder), totals,
                    AppCompatibility.risks(set, d.server()),
                    schemaBlocked ? new Plan.Ddl(List.of(), List.of(), List.of())
                            : new Plan.Ddl(render(prepareSteps(set)), render(indexSteps(set)), swapDdl));
        });
    }

    public List<DdlStep> prepareSteps(MigrationSet set) {
        List<DdlStep> steps = new ArrayList<>();
        for (SetTable t : set.tables()) {
            steps.addAll(builder.shadowTable(t));
            steps.addAll(builder.captureLog(t));
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
