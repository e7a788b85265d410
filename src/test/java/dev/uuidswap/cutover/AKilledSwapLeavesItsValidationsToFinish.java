package dev.uuidswap.cutover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * kill -9 of swap while it validates the foreign keys it added NOT VALID: the phase is swapped,
 * the keys are recorded as pending, status lists them, finalize refuses while one cannot be
 * validated (and drops nothing), status --repair validates them.
 */
@ExtendWith(PgExtension.class)
class AKilledSwapLeavesItsValidationsToFinish {
    static TestDb db;

    @BeforeAll
    static void schema(TestDb d) {
        db = d;
        db.exec("""
                CREATE SCHEMA k;
                CREATE TABLE k.p (id varchar(36) PRIMARY KEY);
                CREATE TABLE k.a (id bigint PRIMARY KEY, p_id varchar(36) NOT NULL REFERENCES k.p);
                CREATE TABLE k.b (id bigint PRIMARY KEY, p_id varchar(36) NOT NULL REFERENCES k.p);
                INSERT INTO k.p SELECT md5(g::text)::uuid::text FROM generate_series(1, 1000) g;
                INSERT INTO k.a SELECT g, md5((g % 1000 + 1)::text)::uuid::text FROM generate_series(1, 300000) g;
                INSERT INTO k.b SELECT g, md5((g % 1000 + 1)::text)::uuid::text FROM generate_series(1, 300000) g;
                ANALYZE k.p, k.a, k.b;
                """);
        assertEquals(0, db.cli("run", "--no-swap", "--table", "k.p").code());
    }

    @Test
    void statusListsThemFinalizeRefusesRepairFinishesThem() throws Exception {
        Process p = db.process(null, "swap", "--table", "k.p");
        String validating = "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'uuidswap' AND query LIKE '%VALIDATE CONSTRAINT%'"
                + " AND state = 'active'";
        long deadline = System.currentTimeMillis() + 60_000;
        while (db.count(validating) == 0) {
            assertTrue(p.isAlive() && System.currentTimeMillis() < deadline, "caught the swap validating");
            Thread.sleep(2);
        }
        p.destroyForcibly();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        while (db.count("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'uuidswap'") > 0) {
            Thread.sleep(20); // the server notices the dead client
        }
        assertEquals("SWAPPED", db.value("SELECT phase FROM uuidswap.migration"));
        long notValid = db.count("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND NOT convalidated"
                + " AND conrelid IN ('k.a'::regclass, 'k.b'::regclass)");
        assertTrue(notValid >= 1, "a key was left NOT VALID");
        var status = db.cli("status", "--table", "k.p");
        assertTrue(status.out().contains("foreign keys to validate") && status.out().contains("k.b b_p_id_fkey"), status.out());

        try (Connection holder = db.connect(); Statement st = holder.createStatement()) {
            holder.setAutoCommit(false);
            st.execute("LOCK TABLE k.b IN SHARE UPDATE EXCLUSIVE MODE");
            var fin = db.cli("finalize", "--confirm", "--table", "k.p", "--lock-timeout", "300ms");
            assertEquals(3, fin.code(), fin::toString);
            assertTrue(fin.err().contains("still not validated") && fin.err().contains("k.b b_p_id_fkey"), fin.err());
            holder.rollback();
        }
        assertEquals(1, db.count("SELECT count(*) FROM pg_class WHERE relname = 'p_old'"), "finalize dropped nothing");

        var repair = db.cli("status", "--repair", "--table", "k.p");
        assertEquals(0, repair.code(), repair::toString);
        assertTrue(repair.out().contains("validated k.b b_p_id_fkey"), repair.out());
        assertEquals(0, db.count("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND NOT convalidated"
                + " AND conrelid IN ('k.a'::regclass, 'k.b'::regclass)"));
        assertEquals(0, db.count("SELECT count(*) FROM uuidswap.pending_validation"));
        assertEquals(0, db.cli("finalize", "--confirm", "--table", "k.p").code());
    }
}
