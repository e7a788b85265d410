package dev.uuidswap.cutover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The tables' owner runs uuidswap without pg_read_all_stats: a report of another role shows it
 * that session's snapshot (backend_xmin) but not its backend type. The swap still finds it, exits
 * 5 naming it, changes nothing, and goes through once it has ended.
 */
@ExtendWith(PgExtension.class)
class AnotherRolesOldTransactionHoldsTheSwap {
    static TestDb db;
    static final String OWNER = "uuidswap_blind_owner";

    @BeforeAll
    static void schema(TestDb d) {
        db = d;
        db.role(OWNER, "LOGIN");
        db.exec("GRANT CREATE ON DATABASE " + TestDb.q(db.name) + " TO " + OWNER + ";"
                + " CREATE SCHEMA r AUTHORIZATION " + OWNER + "; SET ROLE " + OWNER + ";"
                + " CREATE TABLE r.unrelated (x int); INSERT INTO r.unrelated VALUES (1);"
                + " CREATE TABLE r.p (id varchar(36) PRIMARY KEY);"
                + " CREATE TABLE r.c (id int PRIMARY KEY, p_id varchar(36) REFERENCES r.p);"
                + " INSERT INTO r.p SELECT upper(md5(g::text)::uuid::text) FROM generate_series(1, 500) g;"
                + " INSERT INTO r.c SELECT g, upper(md5(g::text)::uuid::text) FROM generate_series(1, 500) g; RESET ROLE");
    }

    @AfterAll
    static void dropRole() {
        db.exec("DROP SCHEMA IF EXISTS r CASCADE; DROP SCHEMA IF EXISTS uuidswap CASCADE; DROP OWNED BY " + OWNER
                + "; DROP ROLE " + OWNER); // roles are cluster-wide: leave none behind
    }

    @Test
    void theSwapCountsTheUnseenTransactionAsOld() throws Exception {
        try (Connection report = db.connect(); Statement st = report.createStatement()) {
            report.setAutoCommit(false);
            st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            st.executeQuery("SELECT count(*) FROM r.unrelated").close();

            var run = db.cli("run", "--no-swap", "--table", "r.p", "--user", OWNER);
            assertEquals(0, run.code(), run::toString);
            String before = db.catalogFingerprint();
            var r = db.cli("swap", "--table", "r.p", "--user", OWNER, "--lock-timeout", "200ms", "--retries", "2");
            assertEquals(5, r.code(), r::toString);
            assertTrue(r.err().contains("snapshots older than the data in the new tables") && r.err().contains("user postgres"), r.err());
            assertEquals(before, db.catalogFingerprint(), "nothing changed");
            try (ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM r.p), (SELECT count(*) FROM r.c)")) {
                rs.next();
                assertEquals(500, rs.getLong(1), "the old transaction still reads every row");
                assertEquals(500, rs.getLong(2));
            }
            report.commit();
        }
        var ok = db.cli("swap", "--table", "r.p", "--user", OWNER);
        assertEquals(0, ok.code(), ok::toString);
        assertEquals("uuid", db.rows("SELECT data_type FROM information_schema.columns WHERE table_schema = 'r'"
                + " AND table_name = 'p' AND column_name = 'id'").get(0).get(0));
        var back = db.cli("swap-back", "--table", "r.p", "--user", OWNER);
        assertEquals(0, back.code(), back::toString);
        assertEquals(0, db.cli("abort", "--table", "r.p", "--user", OWNER).code());
    }
}
