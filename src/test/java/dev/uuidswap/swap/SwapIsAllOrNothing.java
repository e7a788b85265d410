package dev.uuidswap.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** swap refuses without a passing verify; a swap process killed inside its transaction leaves nothing half-done. */
@ExtendWith(PgExtension.class)
class SwapIsAllOrNothing {
    static TestDb db;

    @BeforeAll
    static void load(TestDb d) {
        db = d;
        db.loadSample(1000);
        db.exec("CREATE VIEW user_emails AS SELECT id, email FROM users;"
                + " CREATE TABLE categories (id int PRIMARY KEY); INSERT INTO categories VALUES (1);"
                + " ALTER TABLE journal_entries ADD COLUMN category int REFERENCES categories");
    }

    @Test
    void refusesBeforeVerifyAndSurvivesAKillInsideTheTransaction() throws Exception {
        assertEquals(6, db.cli("swap").code(), "no migration yet");
        assertEquals(0, db.cli("prepare").code());
        assertEquals(0, db.cli("copy").code());
        var early = db.cli("swap");
        assertEquals(6, early.code(), early::toString);
        assertTrue(early.err().contains("verify"), early.err());
        assertEquals(6, db.cli("swap-back").code(), "swap-back before a swap");
        assertEquals(6, db.cli("finalize", "--confirm").code(), "finalize before a swap");
        assertEquals(0, db.cli("verify").code());
        String before = db.catalogFingerprint();

        // A writer of an outside table that a child references: the swap gets its table locks, then
        // waits inside its transaction when it adds that foreign key to the new child.
        try (Connection reader = db.connect(); Statement st = reader.createStatement()) {
            reader.setAutoCommit(false);
            st.execute("LOCK TABLE categories IN ROW EXCLUSIVE MODE");
            Process p = db.process(null, "swap", "--lock-timeout", "20s");
            // Each attempt waits at most the (capped) lock timeout, then retries: catch one in the act,
            // holding its table locks and waiting on the view, and kill it there.
            String inTheAct = "SELECT count(*) FROM pg_stat_activity a WHERE a.application_name = 'uuidswap'"
                    + " AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.granted AND l.mode = 'AccessExclusiveLock')"
                    + " AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted)";
            long deadline = System.currentTimeMillis() + 30_000;
            try (Connection watch = db.connect(); PreparedStatement q = watch.prepareStatement(inTheAct)) {
                boolean caught = false;
                while (!caught && System.currentTimeMillis() < deadline) {
                    try (ResultSet rs = q.executeQuery()) {
                        rs.next();
                        caught = rs.getLong(1) > 0;
                    }
                    if (caught) {
                        p.destroyForcibly();
                    } else {
                        Thread.sleep(10);
                    }
                }
                assertTrue(caught, "caught the swap holding its locks inside the transaction");
            }
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            reader.rollback();
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (db.count("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'uuidswap'") > 0
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50); // the server notices the dead client and rolls back
        }
        assertEquals(before, db.catalogFingerprint(), "the killed swap changed nothing");
        var status = db.cli("status");
        assertTrue(status.out().contains("copied"), status.out());
        assertEquals(0, db.cli("swap").code(), "the next swap goes through");
        assertTrue(db.cli("status").out().contains("swapped"));
    }
}
