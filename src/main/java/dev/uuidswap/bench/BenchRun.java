package dev.uuidswap.bench;

import dev.uuidswap.app.Flows;
import dev.uuidswap.app.Output;
import dev.uuidswap.catalog.DataChecker;
import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.config.Settings;
import dev.uuidswap.db.Database;
import dev.uuidswap.demo.DemoServer;
import dev.uuidswap.model.ColumnRef;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.model.UuidswapException;
import dev.uuidswap.plan.Planner;
import dev.uuidswap.shadow.ShadowBuilder;
import dev.uuidswap.shadow.ShadowDdl;
import dev.uuidswap.swap.SwapScript;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * The benchmark run: every figure against a limit measured in the same run, on the sample schema
 * at N/10 and N users; medians of three repetitions (seven for the lock holds). Writes
 * target/bench/bench.{md,json}. No assertions: it reports PASS/MISS per target.
 */
public final class BenchRun {
    static final int REPS = 3;
    static final int SWAP_REPS = 7;

    private final Settings s;
    private final Output quiet;

    /** {@code log}: where the run's own progress lines go (the flows inside it are quiet). */
    public BenchRun(Settings s, Output log) {
        this.s = s;
        this.quiet = new Output(log.err(), log.err(), true);
    }

    /** Runs both sizes, writes the report files and returns the report as markdown. */
    public String run(Output log) {
        String user = s.userGiven() ? s.user() : "postgres";
        BenchReport report = new BenchReport(String.format("%d cores, %d MB max heap, Java %s",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / 1048576,
                System.getProperty("java.version")));
        List<Double> holds = new ArrayList<>();
        try (DemoServer server = DemoServer.locate(s.urlGiven() ? s.jdbcUrl() : null, user, s.password())) {
            for (long n : List.of(Math.max(1000, s.rows() / 10), s.rows())) {
                boolean large = n == s.rows();
                log.info("bench: loading " + n + " users into " + server.database);
                server.createAndLoad(n);
                try {
                    size(server, user, n, large, report, holds);
                } finally {
                    server.drop();
                }
            }
            report.write(Path.of("target", "bench"));
            return report.markdown();
        } catch (UuidswapException e) {
            throw e;
        } catch (Exception e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().strip().lines().reduce((a, b) -> b).orElse("");
            throw new UuidswapException(ExitCode.INTERNAL, "bench failed: " + msg, e);
        }
    }

    private static Database open(Settings s) {
        return Database.open(s.jdbcUrl(), s.user(), s.password(), Math.max(4, s.jobs() + 3),
                Stream.concat(Flows.MAPPERS.stream(), Stream.of(BenchMapper.class)).toList());
    }

    private void size(DemoServer server, String user, long n, boolean large, BenchReport r, List<Double> holds) throws Exception {
        String label = String.format("%,d users", n);
        Settings ds = s.withConnection(server.url(), user, s.password());
        double inPlace = large ? inPlace(server, user, ds) : 0;
        double[] canonical = large ? canonicalChecks(server, user, ds) : null;
        // The pool is sized for the --jobs 2 copy, the process's advisory lock included.
        try (Database db = open(ds.withJobs(2)); Flows f = new Flows(ds, db, quiet)) {
            // The join of the seed's promise is measured with an index on the child key on both sides.
            db.inTransaction(x -> {
                ShadowDdl.createColumnsIndex(TableRef.of("public", "journal_entries"), Ident.of("bench_je_user_idx"),
                        List.of(Ident.of("user_id")), null).run(x);
                return null;
            });
            TableRef users = TableRef.of("public", "users");
            TableRef je = TableRef.of("public", "journal_entries");
            List<String> keys = db.inTransaction(x -> x.getMapper(BenchMapper.class).sampleKeys(users, 2000));
            Probes.seed(db, users, je, keys, false); // warm-up: the JVM and the caches, so "before" is not penalised
            Probes.Seed before = Probes.seed(db, users, je, keys, false);
            double prep = Measure.seconds(() -> f.prepare().run(users, List.of(), true, Planner.Options.full()));
            Probes.Writes[] writes = Probes.writesAlternating(db, keys.get(0), 1200, REPS, ShadowBuilder.CAPTURE_TRIGGER, false);
            Probes.Writes writeWithout = writes[0];
            Probes.Writes writeWith = writes[1];
            MigrationSet set = f.planner().discover(users, List.of()).set();
            double[] checks = checksVsCounts(db, set);

            List<Double> mine = new ArrayList<>();
            List<Double> mineRows = new ArrayList<>();
            List<Double> mineIndex = new ArrayList<>();
            List<Probes.Limit> limit = new ArrayList<>();
            List<Double> jobs2 = new ArrayList<>();
            double heapCopy = 0;
            double firstCopy = 0;
            for (int i = 0; i < REPS; i++) {
                Probes.reset(db, set);
                Measure.resetHeapPeak();
                var c = f.copy().run(users);
                heapCopy = Math.max(heapCopy, Measure.heapPeakMb());
                mine.add(c.bulkSeconds() + c.indexSeconds());
                mineRows.add(c.bulkSeconds());
                mineIndex.add(c.indexSeconds());
                firstCopy = i == 0 ? c.bulkSeconds() + c.indexSeconds() : firstCopy;
                Probes.reset(db, set);
                limit.add(Probes.limit(db, set, false));
                Probes.reset(db, set);
                var c2 = f.copy(2).run(users);
                jobs2.add(c2.bulkSeconds() + c2.indexSeconds());
            }
            double limitTotal = Measure.median(limit.stream().map(Probes.Limit::total).toList());
            double limitInsert = Measure.median(limit.stream().map(Probes.Limit::insert).toList());
            double limitIndex = Measure.median(limit.stream().map(Probes.Limit::index).toList());
            Probes.reset(db, set);
            double indexed = Probes.limit(db, set, true).total();
            Probes.reset(db, set);
            double unlogged = Probes.unlogged(db, set);
            double casts = Probes.casts(db, set);
            f.copy().run(users);
            r.ratio("bulk copy + indexes and keys vs one INSERT … SELECT + same index builds", label, Measure.median(mine), "s",
                    limitTotal, 1.5);
            r.ratio("  of which rows: snapshot-range copy vs the limit's INSERT … SELECT", label, Measure.median(mineRows), "s",
                    limitInsert, null);
            r.ratio("  of which indexes and keys vs the limit's builds", label, Measure.median(mineIndex), "s", limitIndex, null);
            r.ratio("  the limit's INSERT … SELECT into unlogged heaps (its cost without WAL)", label, unlogged, "s",
                    limitInsert, null);
            r.ratio("  the ::uuid casts alone (one serial pass, with − without)", label, casts, "s", limitInsert, null);
            r.ratio("bulk copy + indexes and keys with --jobs 2 vs the same limit", label, Measure.median(jobs2), "s",
                    limitTotal, 1.5);
            r.ratio("bulk copy + indexes vs one INSERT … SELECT into a shadow with its indexes", label, Measure.median(mine), "s",
                    indexed, null);
            if (large) {
                r.ratio("whole preparation (prepare + copy) vs in-place ALTER … TYPE uuid", label, prep + firstCopy, "s", inPlace, 1.5);
            }
            r.ratio("plan's data checks vs count(*) scans of the set's tables, one key in ten upper case", label, checks[0], "s",
                    checks[1], 3.0);
            if (large) {
                r.ratio("plan's data checks vs count(*) scans of the set's tables, every key canonical", label, canonical[0], "s",
                        canonical[1], 3.0);
            }

            List<Double> verify = new ArrayList<>();
            List<Double> scans = new ArrayList<>();
            List<Double> hashes = new ArrayList<>();
            Measure.resetHeapPeak();
            for (int i = 0; i < REPS; i++) {
                verify.add(Measure.seconds(() -> f.verify().run(users)));
                scans.add(Measure.seconds(() -> db.inTransaction(x -> {
                    for (SetTable t : set.tables()) {
                        x.getMapper(BenchMapper.class).countAll(t.ref());
                        x.getMapper(BenchMapper.class).countAll(ShadowBuilder.shadowOf(t.ref()));
                    }
                    return null;
                })));
                hashes.add(Measure.seconds(() -> db.inTransaction(x -> {
                    for (SetTable t : set.tables()) {
                        x.getMapper(BenchMapper.class).hashAll(t.ref());
                        x.getMapper(BenchMapper.class).hashAll(ShadowBuilder.shadowOf(t.ref()));
                    }
                    return null;
                })));
            }
            double heapVerify = Measure.heapPeakMb();
            r.ratio("verify vs count(*) scans of both sides", label, Measure.median(verify), "s", Measure.median(scans), 4.0);
            r.ratio("verify vs one pass of sum(hashtextextended(row::text)) over both sides (a row-text checksum)", label,
                    Measure.median(verify), "s", Measure.median(hashes), null);

            // A hold is a few milliseconds: a burst of autovacuum on the freshly loaded tables moves it
            // by as much, so vacuum first, and take the median of more repetitions.
            Probes.vacuum(db, set);
            List<Double> swap = new ArrayList<>();
            List<Double> back = new ArrayList<>();
            double longestWait;
            try (LongestWait app = new LongestWait(db, users, keys.get(1))) {
                for (int i = 0; i < SWAP_REPS; i++) {
                    swap.add(f.swap().swap(users, false).lockHoldMillis());
                    back.add(f.swap().back(users).lockHoldMillis());
                    f.verify().run(users);
                }
                longestWait = app.stopMillis();
                if (app.failures() > 0 || app.writes() == 0) {
                    throw new UuidswapException(ExitCode.INTERNAL, "the application's writes during the swaps: "
                            + app.writes() + " done, " + app.failures() + " failed, the first: " + app.firstFailure());
                }
            }
            r.ratio("application's longest single-row write during the swaps vs one lock timeout", label, longestWait, "ms",
                    (double) f.locks().effectiveTimeout().toMillis(), 1.0);
            f.swap().swap(users, false);
            String spelled = db.inTransaction(x -> x.getMapper(BenchMapper.class).nonCanonicalKey(ShadowBuilder.oldOf(users)));
            if (spelled != null) {
                Probes.Writes[] reverse = Probes.writesAlternating(db, spelled, 1200, REPS, SwapScript.REVERSE_TRIGGER, true);
                r.ratio("single-row write latency after the swap, reverse triggers vs without (parent key in upper case)", label,
                        reverse[1].latencyMs(), "ms", reverse[0].latencyMs(), 1.5);
            }
            double holdSwap = Measure.median(swap);
            double holdBack = Measure.median(back);
            if (holds.isEmpty()) {
                r.info("swap lock hold", label, holdSwap, "ms");
                r.info("swap-back lock hold", label, holdBack, "ms");
            } else {
                r.target("swap lock hold", label, holdSwap, "ms", 50);
                r.ratio("swap lock hold vs hold at N/10", label, holdSwap, "ms", holds.get(0), 1.5);
                r.target("swap-back lock hold", label, holdBack, "ms", 50);
                r.ratio("swap-back lock hold vs hold at N/10", label, holdBack, "ms", holds.get(1), 1.5);
            }
            holds.add(holdSwap);
            holds.add(holdBack);
            if (large) {
                r.atLeast("application blocked: swap lock hold vs in-place ALTER", label, holdSwap / 1000, "s", inPlace, 1000);
            }
            r.ratio("single-row write latency with capture triggers vs without", label, writeWith.latencyMs(), "ms",
                    writeWithout.latencyMs(), 1.5);
            r.ratio("write throughput, 2 connections, with capture triggers vs without", label, writeWith.perSecond(),
                    "ops/s", writeWithout.perSecond(), null);
            r.target("JVM peak heap during copy", label, heapCopy, "MB", 256);
            r.target("JVM peak heap during verify", label, heapVerify, "MB", 256);
            r.info("process peak RSS so far", label, Measure.rssPeakMb(), "MB");

            Probes.Seed after = Probes.seed(db, users, je, keys, true);
            r.ratio("size of users + journal_entries (heap + indexes), uuid vs string", label, after.bytes() / 1048576.0, "MB",
                    before.bytes() / 1048576.0, null);
            r.ratio("primary-key lookup over JDBC, uuid vs string (time per lookup, round trip included)", label,
                    after.lookupMs(), "ms", before.lookupMs(), null);
            r.ratio("primary-key index probe in one statement, uuid vs string (time per key)", label,
                    after.probeMs(), "ms", before.probeMs(), null);
            r.ratio("users ⋈ journal_entries for 1,000 users, uuid vs string", label, after.joinMs(), "ms", before.joinMs(), null);
            r.note(label + ": join plan, string: " + before.joinPlan());
            r.note(label + ": join plan, uuid: " + after.joinPlan());
            f.finalizer().run(users, true, false);
        }
    }

    /** Medians of the data checks and of count(*) over the set's tables, measured in turn. */
    private static double[] checksVsCounts(Database db, MigrationSet set) {
        List<Double> checks = new ArrayList<>();
        List<Double> counts = new ArrayList<>();
        for (int i = 0; i < REPS; i++) {
            checks.add(Measure.seconds(() -> db.inTransaction(x -> new DataChecker(x, false).check(set, rows -> { }))));
            counts.add(Measure.seconds(() -> db.inTransaction(x -> {
                for (SetTable t : set.tables()) {
                    x.getMapper(BenchMapper.class).countAll(t.ref());
                }
                return null;
            })));
        }
        return new double[] {Measure.median(checks), Measure.median(counts)};
    }

    /**
     * The data checks where every key is canonical (the common case: no other spelling to look
     * for in the children, no collision to search), on a copy of the database whose keys are
     * rewritten so; the same tables otherwise, vacuumed as the bench set is.
     */
    private double[] canonicalChecks(DemoServer server, String user, Settings ds) {
        return onCopy(server, user, ds, "_canonical", (db, set) -> {
            db.inTransaction(x -> {
                set.tables().forEach(t -> t.converted().forEach(c -> x.getMapper(BenchMapper.class).canonicalize(t.ref(), c)));
                return null;
            });
            db.autocommit(x -> {
                set.tables().forEach(t -> x.getMapper(BenchMapper.class).vacuumAnalyze(t.ref()));
                return null;
            });
            return checksVsCounts(db, set);
        });
    }

    /** Seed option 1 on a copy of the database: drop the keys, ALTER … TYPE each column, add the keys back. */
    private double inPlace(DemoServer server, String user, Settings ds) {
        return onCopy(server, user, ds, "_inplace", (db, set) -> {
            List<ColumnRef> cols = new ArrayList<>();
            set.tables().forEach(t -> t.converted().forEach(c -> cols.add(new ColumnRef(t.ref(), c))));
            var fks = set.ownFks().stream().filter(fk -> set.contains(fk.to())).toList();
            return Measure.seconds(() -> db.inTransaction(x -> {
                x.getMapper(BenchMapper.class).inPlace(fks, cols);
                return null;
            }));
        });
    }

    /** Runs {@code work} on a copy of the bench database (no session may be open on it meanwhile), then drops the copy. */
    private <T> T onCopy(DemoServer server, String user, Settings ds, String suffix, BiFunction<Database, MigrationSet, T> work) {
        Ident copy = Ident.of(server.database + suffix);
        Settings admin = ds.withConnection(ds.jdbcUrl().replace("/" + server.database, "/postgres"), user, ds.password());
        try (Database adm = open(admin)) {
            adm.autocommit(x -> {
                x.getMapper(BenchMapper.class).createDatabaseFrom(copy, Ident.of(server.database));
                return null;
            });
            try (Database db = open(ds.withConnection(ds.jdbcUrl().replace("/" + server.database, "/" + copy.name()),
                    user, ds.password()))) {
                MigrationSet set = new Flows(ds, db, quiet).planner().discover(TableRef.of("public", "users"), List.of()).set();
                return work.apply(db, set);
            } finally {
                adm.autocommit(x -> {
                    x.getMapper(BenchMapper.class).dropDatabase(copy);
                    return null;
                });
            }
        }
    }
}
