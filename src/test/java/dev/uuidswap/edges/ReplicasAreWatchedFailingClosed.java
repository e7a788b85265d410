package dev.uuidswap.edges;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uuidswap.model.TableRef;
import dev.uuidswap.shadow.ShadowBuilder;
import dev.uuidswap.support.CliProcess;
import dev.uuidswap.support.PgCluster;
import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A primary with a streaming standby of the test's own, and a role that owns the tables but
 * cannot read the replicas' progress. --max-replica-lag fails closed: refused for that role and
 * with no replica to watch; a replica that goes away mid-copy holds the copy until it is back,
 * which is logged with the time waited; the index builds wait too; the copy's idle snapshot
 * survives idle_in_transaction_session_timeout. plan works on the standby (with a warning), a
 * writing command there exits 2 in one line.
 */
@ExtendWith(PgExtension.class)
class ReplicasAreWatchedFailingClosed {
    private static final String PW = "mover-pw-1";

    @Test
    void lagIsWatchedOrTheCopyRefusesToStart(TestDb db) throws Exception {
        try (PgCluster c = new PgCluster()) {
            int primary = c.start(PgCluster.majorOf(db), "lag-primary");
            String url = PgCluster.url(primary, "postgres");
            PgCluster.exec(url, "CREATE ROLE mover LOGIN PASSWORD '" + PW + "';"
                    + " GRANT CREATE ON DATABASE postgres TO mover; GRANT CREATE ON SCHEMA public TO mover;"
                    + " CREATE TABLE p (id varchar(36) PRIMARY KEY, pad text);"
                    + " CREATE TABLE ch (id int PRIMARY KEY, p_id varchar(36) REFERENCES p, note text);"
                    + " INSERT INTO p SELECT md5(g::text)::uuid::text, repeat('x', 200) FROM generate_series(1, 24000) g;"
                    + " INSERT INTO ch SELECT g, md5((g % 24000 + 1)::text)::uuid::text, 'n' FROM generate_series(1, 2000) g;"
                    + " ALTER TABLE p OWNER TO mover; ALTER TABLE ch OWNER TO mover; ANALYZE");
            int standby = c.standby("lag-standby", "lag-primary");
            String standbyUrl = PgCluster.url(standby, "postgres");
            awaitTrue(() -> PgCluster.count(url, "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") == 1, 60);

            var plan = cli(db, standbyUrl, "postgres", "plan", "--table", "p");
            assertEquals(0, plan.code(), plan::toString);
            assertTrue(plan.out().contains("read-only standby"), plan.out());
            var prepOnStandby = cli(db, standbyUrl, "postgres", "prepare", "--table", "p");
            assertEquals(2, prepOnStandby.code(), prepOnStandby::toString);
            assertEquals(1, prepOnStandby.err().strip().lines().count(), prepOnStandby::toString);

            var prep = cli(db, url, "mover", "prepare", "--table", "p");
            assertEquals(0, prep.code(), prep::toString);
            var blind = cli(db, url, "mover", "copy", "--table", "p", "--max-replica-lag", "1s");
            assertEquals(7, blind.code(), blind::toString);
            assertTrue(blind.err().contains("pg_read_all_stats"), blind.err());
            assertEquals(1, blind.err().strip().lines().count(), blind::toString);
            assertEquals(0, PgCluster.count(url, "SELECT count(*) FROM p_new"), "the refused copy copied nothing");

            c.halt("lag-standby");
            awaitTrue(() -> PgCluster.count(url, "SELECT count(*) FROM pg_stat_replication") == 0, 30);
            var nothing = cli(db, url, "postgres", "copy", "--table", "p", "--max-replica-lag", "1s");
            assertEquals(2, nothing.code(), nothing::toString);
            assertTrue(nothing.err().contains("no replica streams"), nothing.err());
            c.resume("lag-standby");
            awaitTrue(() -> PgCluster.count(url, "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") == 1, 60);

            // The copy's snapshot is held idle for the whole bulk copy, and longer while it waits.
            PgCluster.exec(url, "ALTER DATABASE postgres SET idle_in_transaction_session_timeout = '1s'");
            Path pause = Files.createTempFile("uuidswap-pause", "");
            Files.delete(pause);
            Path log = Files.createTempFile("uuidswap-copy", ".log");
            String chLog = ShadowBuilder.logOf(TableRef.parse("public.ch")).toString();
            try (Connection holder = PgCluster.connect(url); Statement hs = holder.createStatement()) {
                // Holds the pass between bulk copy and index builds until the pause file is there.
                hs.execute("SET idle_in_transaction_session_timeout = 0");
                holder.setAutoCommit(false);
                hs.execute("LOCK TABLE " + chLog + " IN ACCESS EXCLUSIVE MODE");
                Process copy = CliProcess.start(url, "postgres", null, log, "copy", "--table", "p", "--max-replica-lag", "1s",
                        "--max-rows-per-second", "6000", "--batch-size", "1000", "--pause-file", pause.toString());
                awaitTrue(() -> PgCluster.count(url, "SELECT count(*) FROM p_new") > 3000, 60);
                c.halt("lag-standby");
                long heldAt = PgCluster.count(url, "SELECT count(*) FROM p_new");
                Thread.sleep(3000);
                assertTrue(copy.isAlive(), "the copy waits for its replica");
                assertTrue(PgCluster.count(url, "SELECT count(*) FROM p_new") <= heldAt + 2000, "at most the batches in flight went on");
                c.resume("lag-standby");
                awaitTrue(() -> PgCluster.count(url, "SELECT count(*) FROM ch_new") == 2000, 120);
                Files.createFile(pause);
                holder.commit();
                Thread.sleep(3000);
                assertTrue(copy.isAlive(), "the index builds wait for the pause file");
                assertEquals(0, PgCluster.count(url, "SELECT count(*) FROM pg_index WHERE indrelid IN ('p_new'::regclass, 'ch_new'::regclass)"),
                        "no index was built while paused");
                Files.delete(pause);
                assertTrue(copy.waitFor(120, TimeUnit.SECONDS), "the copy finished");
                String out = Files.readString(log);
                assertEquals(0, copy.exitValue(), out);
                assertTrue(out.contains("disconnected") || out.contains("is not connected"), out);
                assertTrue(out.contains("resumed after waiting"), out);
                assertTrue(out.contains("pause file"), out);
                assertFalse(out.contains("terminating connection"), out);
            } finally {
                Files.deleteIfExists(pause);
                Files.deleteIfExists(log);
            }
            assertTrue(PgCluster.count(url, "SELECT count(*) FROM pg_index WHERE indrelid = 'p_new'::regclass") >= 1);
            assertEquals(0, cli(db, url, "postgres", "verify", "--table", "p").code());
        }
    }

    private static TestDb.Result cli(TestDb db, String url, String user, String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--url", url));
        return db.cliWithEnv(Map.of("PGUSER", user, "PGPASSWORD", PW), a.toArray(String[]::new));
    }

    private static void awaitTrue(BooleanSupplier what, int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!what.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "not within " + seconds + " s");
            Thread.sleep(100);
        }
    }
}
