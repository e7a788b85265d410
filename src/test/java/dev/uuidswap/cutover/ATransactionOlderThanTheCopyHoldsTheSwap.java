package dev.uuidswap.cutover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A REPEATABLE READ transaction takes its snapshot (reading an unrelated table) before the copy;
 * the new tables' rows are newer than that snapshot, so after a swap it would read them empty.
 * The swap waits for it through its retries, names it like a lock holder, exits 5 with nothing
 * changed, and goes through once the transaction has ended. The transaction kept reading the
 * string tables, whole.
 */
@ExtendWith(PgExtension.class)
class ATransactionOlderThanTheCopyHoldsTheSwap {
    static TestDb db;

    @BeforeAll
    static void schema(TestDb d) {
        db = d;
        db.exec("""
                CREATE SCHEMA o;
                CREATE TABLE o.unrelated (x int); INSERT INTO o.unrelated VALUES (1);
                CREATE TABLE o.p (id varchar(36) PRIMARY KEY);
                CREATE TABLE o.c (id int PRIMARY KEY, p_id varchar(36) REFERENCES o.p);
                INSERT INTO o.p SELECT md5(g::text)::uuid::text FROM generate_series(1, 1000) g;
                INSERT INTO o.c SELECT g, md5(g::text)::uuid::text FROM generate_series(1, 1000) g;
                """);
    }

    @Test
    void theSwapWaitsNamesItAndGoesThroughAfter() throws Exception {
        try (Connection report = db.connect(); Statement st = report.createStatement()) {
            report.setAutoCommit(false);
            st.execute("SET application_name = 'long-report'");
            st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            st.executeQuery("SELECT count(*) FROM o.unrelated").close();

            assertEquals(0, db.cli("run", "--no-swap", "--table", "o.p").code());
            String before = db.catalogFingerprint();
            var r = db.cli("swap", "--table", "o.p", "--lock-timeout", "200ms", "--retries", "2");
            assertEquals(5, r.code(), r::toString);
            assertTrue(r.err().contains("snapshots older than the data in the new tables") && r.err().contains("long-report"),
                    r.err());
            assertEquals(before, db.catalogFingerprint(), "nothing changed");
            try (ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM o.p), (SELECT count(*) FROM o.c)")) {
                rs.next();
                assertEquals(1000, rs.getLong(1), "the old transaction still reads every row");
                assertEquals(1000, rs.getLong(2));
            }
            report.commit();
        }
        var ok = db.cli("swap", "--table", "o.p");
        assertEquals(0, ok.code(), ok::toString);
        assertEquals(1000, db.count("SELECT count(*) FROM o.p"));
    }
}
