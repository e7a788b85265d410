package dev.uuidswap.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The uuid side of a child keeps no spelling: verify writes its key back through the parent's
 * spelling map, which the parent's catch-up fills. A parent in upper case and its child, written
 * while verify compared the parents (after it had applied the parent's log), reached the child's
 * side before the parent's spelling reached the map, and verify failed (exit 4) on a difference
 * that was not there. Verify
 * now applies the parent's log before the child's, and checks a difference once more after
 * another catch-up before it reports it; a real one stays (VerifyNamesTheKeysThatDiffer).
 */
@ExtendWith(PgExtension.class)
class VerifyWaitsForAParentSpellingNotYetApplied {
    static TestDb db;

    @BeforeAll
    static void schema(TestDb d) {
        db = d;
        db.exec("""
                CREATE SCHEMA v;
                CREATE TABLE v.p (id varchar(36) PRIMARY KEY, n int);
                CREATE TABLE v.c (id int PRIMARY KEY, p_id varchar(36) REFERENCES v.p);
                INSERT INTO v.p SELECT CASE WHEN g % 10 = 0 THEN upper(md5(g::text)::uuid::text) ELSE md5(g::text)::uuid::text END, g
                  FROM generate_series(1, 500) g;
                INSERT INTO v.c SELECT n, id FROM v.p;
                """);
        assertEquals(0, db.cli("run", "--no-swap", "--table", "v.p").code());
    }

    @Test
    void aParentAndChildWrittenDuringVerifyAreNoDifference() throws Exception {
        CompletableFuture<TestDb.Result> verify;
        try (Connection holder = db.connect(); Statement h = holder.createStatement()) {
            holder.setAutoCommit(false);
            // Verify compares the parent first: held here, it has applied the parent's log already.
            h.execute("LOCK TABLE v.p_new IN ACCESS EXCLUSIVE MODE");
            verify = CompletableFuture.supplyAsync(() -> db.cli("verify", "--table", "v.p"));
            long deadline = System.currentTimeMillis() + 30_000;
            while (db.count("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'v.p_new'::regclass") == 0) {
                assertTrue(System.currentTimeMillis() < deadline, "verify never waited for the parent's new table");
                Thread.sleep(5);
            }
            String key = "ABCDEF01-2345-4678-9ABC-DEF012345678";
            db.exec("INSERT INTO v.p VALUES ('" + key + "', 2001); INSERT INTO v.c VALUES (2001, '" + key + "')");
            holder.commit();
        }
        var r = verify.get(120, TimeUnit.SECONDS);
        assertEquals(0, r.code(), r::toString);
        assertEquals(0, db.cli("verify", "--table", "v.p").code());
        // A real difference is still reported after the second look.
        db.exec("UPDATE v.c_new SET p_id = (SELECT id::uuid FROM v.p WHERE n = 2) WHERE id = 3");
        var bad = db.cli("verify", "--table", "v.p");
        assertEquals(4, bad.code(), bad::toString);
        assertTrue(bad.out().contains("(3)"), bad.out());
    }
}
