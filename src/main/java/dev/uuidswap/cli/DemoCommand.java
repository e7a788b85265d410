package dev.uuidswap.cli;

import dev.uuidswap.app.Flows;
import dev.uuidswap.app.Output;
import dev.uuidswap.config.Settings;
import dev.uuidswap.db.Database;
import dev.uuidswap.demo.DemoServer;
import dev.uuidswap.demo.DemoWriter;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.UuidswapException;
import dev.uuidswap.report.PlanReport;
import dev.uuidswap.report.Renderer;
import dev.uuidswap.report.VerifyReport;
import dev.uuidswap.swap.Swapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * demo: the whole cycle on a throwaway database with the sample schema while a writer runs:
 * plan → prepare → copy → verify → swap → swap-back → verify → swap, each step's report, then a
 * summary. Exit 0 only when the writer saw no error and every verify passed.
 */
final class DemoCommand implements Commands.Command {
    private final Settings s;
    private final Output out;

    DemoCommand(Settings s, Database unused, Output out) {
        this.s = s;
        this.out = out;
    }

    @Override
    public int execute() {
        String user = s.userGiven() ? s.user() : "postgres";
        try (DemoServer server = DemoServer.locate(s.urlGiven() ? s.jdbcUrl() : null, user, s.password())) {
            out.info("demo: using " + server.description + "; database " + server.database + ", " + s.rows() + " users");
            server.createAndLoad(s.rows());
            try {
                return cycle(server, user);
            } finally {
                if (s.keep()) {
                    out.info("demo: kept database " + server.database + " (--keep)");
                } else {
                    server.drop();
                }
            }
        } catch (UuidswapException e) {
            throw e;
        } catch (Exception e) {
            throw new UuidswapException(ExitCode.INTERNAL, "demo failed: " + e.getMessage(), e);
        }
    }

    private int cycle(DemoServer server, String user) throws Exception {
        Settings ds = s.withConnection(server.url(), user, s.password());
        long sizeBefore;
        try (Database db = Flows.open(ds); Flows f = new Flows(ds, db, out);
                DemoWriter writer = new DemoWriter(() -> server.connect(server.database, "prepareThreshold=0"), true)) {
            sizeBefore = setBytes(server);
            step("plan");
            var plan = givingWay(() -> f.planner().plan(ds.table(), ds.also(), f.planOptions()));
            out.report(Renderer.text(PlanReport.of(plan)), null);
            step("prepare");
            var p = givingWay(() -> f.prepare().run(ds.table(), ds.also(), true, f.planOptions()));
            out.report("prepared " + p.tables() + "\n", null);
            step("copy");
            var c = f.copy().run(ds.table());
            double rate = c.rows() / Math.max(c.bulkSeconds(), 1e-3);
            out.report(String.format(Locale.ROOT, "copied %,d rows in %.2f s (%,.0f rows/s), indexes %.2f s%n",
                    c.rows(), c.bulkSeconds(), rate, c.indexSeconds()), null);
            step("verify");
            var v1 = f.verify().run(ds.table());
            out.report(Renderer.text(VerifyReport.of(v1)), null);
            step("swap");
            Swapper.Result swap = f.swap().swap(ds.table(), false);
            out.report(SwapOutput.line(swap), null);
            writer.awaitOps(200);
            step("swap-back");
            Swapper.Result back = f.swap().back(ds.table());
            out.report(SwapOutput.line(back), null);
            writer.awaitOps(100);
            step("verify");
            var v2 = f.verify().run(ds.table());
            out.report(Renderer.text(VerifyReport.of(v2)), null);
            step("swap");
            Swapper.Result again = f.swap().swap(ds.table(), false);
            out.report(SwapOutput.line(again), null);
            writer.awaitOps(100);
            writer.close();
            String keyType = value(server, "SELECT data_type FROM information_schema.columns WHERE table_schema = 'public'"
                    + " AND table_name = 'users' AND column_name = 'id'");
            long sizeAfter = setBytes(server);
            boolean ok = writer.errors().isEmpty() && v1.ok() && v2.ok() && "uuid".equals(keyType);
            out.report(String.format(Locale.ROOT, """

                    == demo summary ==
                    rows in the set:        %,d
                    copy:                   %,.0f rows/s (bulk, before indexes)
                    swap lock held:         %.1f ms, then %.1f ms
                    swap-back lock held:    %.1f ms
                    writer operations:      %,d
                    writer errors:          %d
                    verify:                 %s, %s
                    users.id type now:      %s
                    size of the set:        %,d kB before, %,d kB after (old tables still kept for swap-back)
                    result:                 %s
                    """, c.rows(), rate, swap.lockHoldMillis(), again.lockHoldMillis(), back.lockHoldMillis(),
                    writer.ops(), writer.errors().size(), v1.ok() ? "passed" : "FAILED", v2.ok() ? "passed" : "FAILED",
                    keyType, sizeBefore / 1024, sizeAfter / 1024, ok ? "OK" : "FAILED " + writer.errors()), null);
            return ok ? ExitCode.OK.code : ExitCode.VERIFY_FAILED.code;
        }
    }

    /**
     * A step run again when it gave way (exit 5, nothing changed), as a DBA would: the sample
     * writer truncates a table once, and its ACCESS EXCLUSIVE may queue behind the checks.
     */
    private <T> T givingWay(Supplier<T> step) throws InterruptedException {
        for (int attempt = 1;; attempt++) {
            try {
                return step.get();
            } catch (UuidswapException e) {
                if (e.exitCode() != ExitCode.LOCKS_NOT_ACQUIRED || attempt == 5) {
                    throw e;
                }
                out.report(e.getMessage() + "; again\n", null);
                Thread.sleep(500);
            }
        }
    }

    private void step(String name) {
        out.report("\n== " + name + " ==\n", null);
    }

    /** The live tables of the set: users and its four children. */
    private static long setBytes(DemoServer server) throws SQLException {
        return Long.parseLong(value(server, "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'"
                + " AND c.relname IN ('users', 'journal_entries', 'reminders', 'tags', 'secret_tags')"));
    }

    private static String value(DemoServer server, String sql) throws SQLException {
        try (Connection c = server.connect(server.database, ""); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
