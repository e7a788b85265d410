package dev.uuidswap.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.io.File;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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
        db.exec("CREATE VIEW user_emails AS SELECT id, email FROM users");
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

        // A reader of the view: the swap gets its table locks, then waits on DROP VIEW inside its transaction.
        try (Connection reader = db.connect(); Statement st = reader.createStatement()) {
            reader.setAutoCommit(false);
            st.execute("SELECT count(*) FROM user_emails");
            List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator
                    + "java", "-cp", System.getProperty("java.class.path"), "dev.uuidswap.cli.Main", "swap",
                    "--lock-timeout", "20s", "--url", db.url(), "--user", db.server.user));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.currentTimeMillis() + 30_000;
            while (db.count("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted"
                    + " AND a.application_name = 'uuidswap'") == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(db.count("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.granted"
                    + " AND l.mode = 'AccessExclusiveLock' AND a.application_name = 'uuidswap'") > 0, "swap holds its locks");
            p.destroyForcibly();
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
