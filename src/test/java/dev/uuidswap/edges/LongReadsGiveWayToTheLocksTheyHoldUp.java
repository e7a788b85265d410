package dev.uuidswap.edges;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uuidswap.app.Flows;
import dev.uuidswap.catalog.DataMapper;
import dev.uuidswap.db.Database;
import dev.uuidswap.db.GiveWay;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ibatis.session.TransactionIsolationLevel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The plan reads the set in one long transaction and holds ACCESS SHARE on every table until it
 * ends. A DDL that asks for ACCESS EXCLUSIVE meanwhile would wait for the whole plan, and every
 * application query on that table behind the DDL; worse, the plan's rate sample on a second
 * session then queued behind that DDL, which waited for the plan: nobody ever moved. Now the plan
 * gives way (exit 5, the DDL named) and never waits longer than its lock timeout behind a session
 * holding a table exclusively. A slow partial-index predicate (it sleeps only in uuidswap's own
 * sessions, in the collision search of the child, read by a seq scan in this database) holds the plan in the
 * middle of its checks. verify reads each table in one snapshot the same way.
 */
@ExtendWith(PgExtension.class)
class LongReadsGiveWayToTheLocksTheyHoldUp {
    static TestDb db;

    @BeforeAll
    static void init(TestDb d) {
        db = d;
    }

    @BeforeEach
    void schema() {
        db.exec("""
                DROP SCHEMA IF EXISTS g CASCADE; CREATE SCHEMA g;
                CREATE FUNCTION g.held(slot int) RETURNS boolean IMMUTABLE LANGUAGE plpgsql AS $$
                BEGIN
                  IF slot = 42 AND current_setting('application_name') = 'uuidswap' THEN PERFORM pg_sleep(8); END IF;
                  RETURN true;
                END $$;
                CREATE TABLE g.p (id varchar(36) PRIMARY KEY);
                CREATE TABLE g.c (id int PRIMARY KEY, p_id varchar(36) NOT NULL REFERENCES g.p, slot int);
                CREATE UNIQUE INDEX c_one ON g.c (p_id) WHERE g.held(slot);
                INSERT INTO g.p VALUES ('AAAAAAAA-0000-4000-8000-000000000001');
                INSERT INTO g.c VALUES (1, 'AAAAAAAA-0000-4000-8000-000000000001', 42);
                -- A seq scan evaluates the predicate; the partial index itself would be read without it.
                DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET enable_indexscan = off', current_database());
                            EXECUTE format('ALTER DATABASE %I SET enable_bitmapscan = off', current_database()); END $$;
                """);
    }

    @Test
    void aDdlQueuedBehindThePlanWaitsMillisecondsNotThePlansLength() throws Exception {
        String before = db.catalogFingerprint();
        // --recheck-foreign-keys: the child is read for itself, its unique index searched for collisions.
        CompletableFuture<TestDb.Result> plan = CompletableFuture.supplyAsync(() -> db.cli("plan", "--table", "g.p",
                "--recheck-foreign-keys"));
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            waitUntilTheCheckSleeps(st);
            st.execute("SET lock_timeout = '30s'");
            int pid = pid(st);
            long t0 = System.nanoTime();
            st.execute("ALTER TABLE g.c ADD COLUMN note text");
            double waited = (System.nanoTime() - t0) / 1e9;
            assertTrue(waited < 2.5, "the DDL waited " + waited + " s behind the plan (it sleeps 8 s)");
            TestDb.Result r = plan.get();
            assertEquals(5, r.code(), r::toString);
            assertTrue(r.err().contains("gave way to pid " + pid) && r.err().contains("ALTER TABLE g.c"), r::toString);
            assertEquals(1, r.err().lines().filter(l -> l.startsWith("uuidswap plan:")).count(), "one line: " + r);
            assertTrue(!r.err().contains("\tat ") && !r.err().contains("Exception"), "no stack trace: " + r);
        }
        st(before);
    }

    /**
     * A session that queues behind a read which has just run its last statement: the cancel sent to
     * give way lands on an idle session and is lost, and the read's result stands. The pool's close
     * of the connection taken out of it failed, and turned a finished read into an internal error
     * (the demo's prepare once ended so on PostgreSQL 18).
     */
    @Test
    void aReadThatFinishedBeforeItsCancelLandedStands() throws Exception {
        try (Database d = Database.open(db.url(), db.server.user, db.server.password, 3, Flows.MAPPERS);
                Connection locker = db.connect()) {
            CompletableFuture<Void> lock = new CompletableFuture<>();
            String value = GiveWay.reading(d, TransactionIsolationLevel.REPEATABLE_READ, "the test's read", Duration.ofSeconds(2),
                    s -> {
                        s.getMapper(DataMapper.class).scan(TableRef.of("g", "c"), List.of());
                        CompletableFuture.runAsync(() -> {
                            try (Statement st = locker.createStatement()) {
                                st.execute("BEGIN; LOCK TABLE g.c; COMMIT");
                                lock.complete(null);
                            } catch (Exception e) {
                                lock.completeExceptionally(e);
                            }
                        });
                        sleep(1200); // several polls see the waiter and cancel an idle session
                        return "finished";
                    });
            assertEquals("finished", value);
            lock.get(10, TimeUnit.SECONDS);
        }
        assertEquals(0, db.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND application_name = 'uuidswap'"), "the connection that was cancelled is closed");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aTableHeldExclusivelyEndsThePlanWithinItsLockTimeout() throws Exception {
        String before = db.catalogFingerprint();
        endsWhileHeld("g.c", "plan", "--table", "g.p");
        st(before);
    }

    @Test
    void aShadowHeldExclusivelyEndsVerifyWithinItsLockTimeout() throws Exception {
        prepared("v");
        assertEquals(0, db.cli("copy", "--table", "v.p").code());
        endsWhileHeld("v.c_new", "verify", "--table", "v.p");
        var again = db.cli("verify", "--table", "v.p");
        assertEquals(0, again.code(), again::toString);
        assertEquals(0, db.cli("abort", "--table", "v.p").code());
    }

    /** status is what a DBA runs when something is stuck: it reads sizes without queueing behind the lock. */
    @Test
    void statusAnswersWhileASetTableIsHeldExclusively() throws Exception {
        prepared("s");
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("LOCK TABLE s.c IN ACCESS EXCLUSIVE MODE");
            int pid = pid(st);
            TestDb.Result r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> db.cli("status", "--table", "s.p"));
            assertEquals(0, r.code(), r::toString);
            assertTrue(r.out().contains(String.valueOf(pid)), "the holder is listed: " + r);
            c.rollback();
        }
        assertEquals(0, db.cli("abort", "--table", "s.p").code());
    }

    /** Every command that opens a migration looks at the set first; that look waits at most --lock-timeout. */
    @Test
    void commandsThatOpenAMigrationEndWithinTheirLockTimeout() throws Exception {
        prepared("o");
        endsWhileHeld("o.c", "copy", "--table", "o.p");
        endsWhileHeld("o.p", "abort", "--table", "o.p");
        assertEquals(0, db.cli("abort", "--table", "o.p").code());
        assertEquals(0, db.count("SELECT count(*) FROM pg_tables WHERE schemaname = 'o' AND tablename LIKE '%new'"));
    }

    /** A parent and a child of 100 rows each in schema {@code sch}, prepared. */
    private static void prepared(String sch) {
        db.exec("""
                DROP SCHEMA IF EXISTS %1$s CASCADE; CREATE SCHEMA %1$s;
                CREATE TABLE %1$s.p (id varchar(36) PRIMARY KEY);
                CREATE TABLE %1$s.c (id int PRIMARY KEY, p_id varchar(36) REFERENCES %1$s.p);
                INSERT INTO %1$s.p SELECT md5(g::text)::uuid::text FROM generate_series(1, 100) g;
                INSERT INTO %1$s.c SELECT g, md5(g::text)::uuid::text FROM generate_series(1, 100) g;
                """.formatted(sch));
        assertEquals(0, db.cli("prepare", "--table", sch + ".p").code());
    }

    /** The command ends with exit 5 naming the session that holds {@code table} exclusively, well within 20 s. */
    private static void endsWhileHeld(String table, String... command) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
            int pid = pid(st);
            TestDb.Result r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> db.cli(command));
            assertEquals(5, r.code(), r::toString);
            assertTrue(r.err().contains("pid " + pid) && r.err().contains("holding ACCESS EXCLUSIVE on " + table), r::toString);
            c.rollback();
        }
    }

    private static int pid(Statement st) throws Exception {
        try (ResultSet r = st.executeQuery("SELECT pg_backend_pid()")) {
            r.next();
            return r.getInt(1);
        }
    }

    private static void waitUntilTheCheckSleeps(Statement st) throws Exception {
        for (int i = 0; i < 300; i++) {
            ResultSet r = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'uuidswap'"
                    + " AND wait_event = 'PgSleep'");
            r.next();
            if (r.getLong(1) > 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the plan never reached its collision search");
    }

    /** Nothing but the test's own column changed. */
    private static void st(String before) {
        db.exec("ALTER TABLE g.c DROP COLUMN IF EXISTS note");
        assertEquals(before.replaceAll("(?m)^.*note.*$", ""), db.catalogFingerprint().replaceAll("(?m)^.*note.*$", ""));
    }
}
