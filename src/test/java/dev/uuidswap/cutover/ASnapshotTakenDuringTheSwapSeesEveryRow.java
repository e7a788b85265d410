package dev.uuidswap.cutover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A REPEATABLE READ transaction (pg_dump is one) whose snapshot was taken while the swap ran reads
 * the new tables in that snapshot once the swap has committed. The swap used to apply the last
 * logged changes inside its own transaction, invisible to such a snapshot: five parents written
 * just before the swap went missing for a report, which counted 1,000 parents in a table of
 * 1,005 (and so did a reader whose first statement queued behind the swap's locks). The swap now
 * stops writers with SHARE locks (readers go on), commits that last catch-up on a session of its
 * own, waits until no transaction older than that commit is left, and only then takes the
 * exclusive locks, never queueing for them behind another session's lock.
 */
@ExtendWith(PgExtension.class)
class ASnapshotTakenDuringTheSwapSeesEveryRow {
    static TestDb db;

    @BeforeAll
    static void schema(TestDb d) {
        db = d;
        db.exec("""
                CREATE SCHEMA q;
                CREATE TABLE q.unrelated (x int); INSERT INTO q.unrelated VALUES (1);
                CREATE TABLE q.p (id varchar(36) PRIMARY KEY, n int);
                CREATE TABLE q.c (id int PRIMARY KEY, p_id varchar(36) REFERENCES q.p);
                INSERT INTO q.p SELECT md5(g::text)::uuid::text, g FROM generate_series(1, 1000) g;
                INSERT INTO q.c SELECT g, md5(g::text)::uuid::text FROM generate_series(1, 1000) g;
                """);
        // Room for the scenario inside one attempt: an attempt lasts at most half of deadlock_timeout.
        db.exec("ALTER DATABASE " + TestDb.q(db.name) + " SET deadlock_timeout = '10s'");
    }

    @Test
    void aReportCountsTheRowsWrittenJustBeforeTheSwap() throws Exception {
        assertEquals(0, db.cli("run", "--no-swap", "--table", "q.p").code());
        try (Connection blocker = db.connect(); Statement b = blocker.createStatement();
                Connection writer = db.connect(); Statement w = writer.createStatement();
                Connection reader = db.connect(); Statement r = reader.createStatement()) {
            // Holds the child, so the swap has to wait for it with the parent already taken.
            blocker.setAutoCommit(false);
            b.execute("LOCK TABLE q.c IN ACCESS SHARE MODE");
            // Five parents, committed only once the swap waits for the parent: too late for the
            // catch-up the swap runs before it locks.
            writer.setAutoCommit(false);
            w.execute("INSERT INTO q.p SELECT md5(g::text)::uuid::text, g FROM generate_series(1001, 1005) g");
            var swap = CompletableFuture.supplyAsync(() -> db.cli("swap", "--table", "q.p", "--lock-timeout", "3s"));
            waitFor("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                    + " WHERE a.application_name = 'uuidswap' AND NOT l.granted AND l.relation = 'q.p'::regclass");
            writer.commit();
            // The swap holds the child now; its last catch-up has committed or it waits inside its lock.
            waitFor("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                    + " WHERE a.application_name = 'uuidswap' AND l.relation = 'q.c'::regclass"
                    + " AND (NOT l.granted OR NOT EXISTS (SELECT 1 FROM uuidswap.\"q.p_log\"))");
            reader.setAutoCommit(false);
            r.execute("SET application_name = 'report'");
            r.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            r.executeQuery("SELECT count(*) FROM q.unrelated").close(); // its snapshot
            blocker.commit();
            var result = swap.get(60, TimeUnit.SECONDS);
            assertEquals(0, result.code(), result::toString);
            try (ResultSet rs = r.executeQuery("SELECT count(*), count(*) FILTER (WHERE n > 1000), min(pg_typeof(id)::text) FROM q.p")) {
                rs.next();
                assertEquals("1005/5 uuid", rs.getLong(1) + "/" + rs.getLong(2) + " " + rs.getString(3),
                        "the report's count of parents/new parents, and the type it read");
            }
            reader.commit();
        }
        assertEquals(1005, db.count("SELECT count(*) FROM q.p"));
        assertEquals(0, db.differences("q", "p", "p_old"), "old and new hold the same rows");
    }

    /**
     * Behind the write barrier, a transaction that read the parent and then writes it waits for
     * the swap while the swap's exclusive lock waits for it: the attempt gives way within its
     * timeout (the application's update goes through, it is never a deadlock victim) and the
     * next attempt swaps with the update in the new table.
     */
    @Test
    void aTransactionThatReadsThenWritesTheParentIsNeverADeadlockVictim() throws Exception {
        db.exec("""
                CREATE SCHEMA rw;
                CREATE TABLE rw.p (id varchar(36) PRIMARY KEY, n int);
                CREATE TABLE rw.c (id int PRIMARY KEY, p_id varchar(36) REFERENCES rw.p);
                INSERT INTO rw.p SELECT md5(g::text)::uuid::text, g FROM generate_series(1, 100) g;
                """);
        assertEquals(0, db.cli("run", "--no-swap", "--table", "rw.p").code());
        String id = db.value("SELECT id FROM rw.p WHERE n = 7");
        long waited;
        try (Connection app = db.connect(); Statement a = app.createStatement()) {
            app.setAutoCommit(false);
            a.executeQuery("SELECT n FROM rw.p WHERE id = '" + id + "'").close();
            var swap = CompletableFuture.supplyAsync(() -> db.cli("swap", "--table", "rw.p", "--lock-timeout", "1s"));
            // The swap holds the parent (behind the barrier it may not queue for it; before, it did).
            waitFor("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity s ON s.pid = l.pid"
                    + " WHERE s.application_name = 'uuidswap' AND l.relation = 'rw.p'::regclass"
                    + " AND l.mode IN ('ShareLock', 'AccessExclusiveLock')");
            long t0 = System.nanoTime();
            a.executeUpdate("UPDATE rw.p SET n = n + 1000 WHERE id = '" + id + "'");
            waited = (System.nanoTime() - t0) / 1_000_000;
            app.commit();
            var r = swap.get(60, TimeUnit.SECONDS);
            assertEquals(0, r.code(), r::toString);
        }
        assertTrue(waited < 1_000 + 500, "the application waited " + waited + " ms");
        assertEquals("1007", db.value("SELECT n FROM rw.p WHERE id = '" + id + "'"));
        assertEquals("uuid", db.value("SELECT pg_typeof(id)::text FROM rw.p LIMIT 1"));
    }

    /**
     * A REPEATABLE READ transaction whose snapshot is newer than every change applied so far but
     * older than one written while the swap tries for its barrier: the next round applies that
     * change and commits it before it checks snapshots, so the transaction holds the swap (it
     * updates its row on the old table, and the swap goes through after it) instead of reaching
     * the new table and updating a row its snapshot cannot see there (0 rows, its child insert
     * refused by the foreign key: the review's finding, 3 of 3 runs).
     */
    @Test
    void aRepeatableReadWriterOlderThanTheLastChangeHoldsTheSwap() throws Exception {
        db.exec("""
                CREATE SCHEMA rr;
                CREATE TABLE rr.p (id varchar(36) PRIMARY KEY, n int);
                CREATE TABLE rr.c (id int PRIMARY KEY, p_id varchar(36) REFERENCES rr.p);
                INSERT INTO rr.p SELECT md5(g::text)::uuid::text, g FROM generate_series(1, 200) g;
                """);
        assertEquals(0, db.cli("run", "--no-swap", "--table", "rr.p").code());
        String px = "aaaaaaaa-0000-4000-8000-000000000001";
        TestDb.Result result;
        try (Connection blocker = db.connect(); Statement b = blocker.createStatement();
                Connection app = db.connect(); Statement a = app.createStatement()) {
            blocker.setAutoCommit(false);
            b.execute("LOCK TABLE rr.c IN SHARE ROW EXCLUSIVE MODE"); // the child's writers held: no barrier for the swap yet
            var swap = CompletableFuture.supplyAsync(() -> db.cli("swap", "--table", "rr.p", "--lock-timeout", "1s", "--retries", "6"));
            waitFor("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity s ON s.pid = l.pid"
                    + " WHERE s.application_name = 'uuidswap' AND NOT l.granted AND l.relation = 'rr.c'::regclass");
            // While the swap tries for its barrier: a new parent, then a transaction that sees it.
            db.exec("INSERT INTO rr.p VALUES ('" + px + "', 1)");
            app.setAutoCommit(false);
            a.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            a.executeQuery("SELECT count(*) FROM q.unrelated").close();
            Thread.sleep(300); // the swap's rounds apply the new parent and find the transaction older
            blocker.rollback();
            assertEquals(1, a.executeUpdate("UPDATE rr.p SET n = n + 100 WHERE id = '" + px + "'"), "the row its snapshot saw");
            a.executeUpdate("INSERT INTO rr.c VALUES (77777, '" + px + "')");
            app.commit();
            result = swap.get(60, TimeUnit.SECONDS);
        }
        if (result.code() == 5) {
            result = db.cli("swap", "--table", "rr.p");
        }
        assertEquals(0, result.code(), result::toString);
        assertEquals("101 uuid", db.value("SELECT n || ' ' || pg_typeof(id) FROM rr.p WHERE id = '" + px + "'"));
        assertEquals(1, db.count("SELECT count(*) FROM rr.c WHERE id = 77777"));
    }

    /**
     * --queue-for-locks: the way without the barrier, for applications whose transactions keep
     * reading and then writing the set. The exclusive request queues; a transaction that read the
     * parent and then writes it goes ahead of it, and the swap goes through in its first attempt.
     */
    @Test
    void queuedForLocksAReadThenWriteGoesAheadOfTheSwap() throws Exception {
        db.exec("""
                CREATE SCHEMA ql;
                CREATE TABLE ql.p (id varchar(36) PRIMARY KEY, n int);
                INSERT INTO ql.p SELECT md5(g::text)::uuid::text, g FROM generate_series(1, 100) g;
                """);
        assertEquals(0, db.cli("run", "--no-swap", "--table", "ql.p").code());
        String id = db.value("SELECT id FROM ql.p WHERE n = 7");
        try (Connection app = db.connect(); Statement a = app.createStatement()) {
            app.setAutoCommit(false);
            a.executeQuery("SELECT n FROM ql.p WHERE id = '" + id + "'").close();
            var swap = CompletableFuture.supplyAsync(() -> db.cli("swap", "--table", "ql.p", "--lock-timeout", "2s",
                    "--queue-for-locks"));
            waitFor("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity s ON s.pid = l.pid"
                    + " WHERE s.application_name = 'uuidswap' AND NOT l.granted AND l.mode = 'AccessExclusiveLock'"
                    + " AND l.relation = 'ql.p'::regclass");
            long t0 = System.nanoTime();
            assertEquals(1, a.executeUpdate("UPDATE ql.p SET n = n + 1000 WHERE id = '" + id + "'"));
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 500, "the write went ahead of the queued swap");
            app.commit();
            var r = swap.get(60, TimeUnit.SECONDS);
            assertEquals(0, r.code(), r::toString);
            assertTrue(r.out().contains("done in attempt 1;"), r.out());
        }
        assertEquals("1007", db.value("SELECT n FROM ql.p WHERE id = '" + id + "'"));
    }

    private static void waitFor(String sql) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (db.count(sql) == 0) {
            assertTrue(System.currentTimeMillis() < deadline, "never reached: " + sql);
            Thread.sleep(2);
        }
    }
}
