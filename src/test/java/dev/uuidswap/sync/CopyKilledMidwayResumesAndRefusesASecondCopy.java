package dev.uuidswap.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A copy in its own JVM, killed with SIGKILL half-way; a second copy meanwhile is refused; a rerun finishes and verifies. */
@ExtendWith(PgExtension.class)
class CopyKilledMidwayResumesAndRefusesASecondCopy {
    static TestDb db;

    @BeforeAll
    static void load(TestDb d) {
        db = d;
        db.loadSample(20_000);
    }

    @Test
    void killNineThenResume() throws Exception {
        assertEquals(0, db.cli("prepare").code());
        Process p = db.process(null, "copy", "--batch-size", "1000", "--max-rows-per-second", "15000");
        long deadline = System.currentTimeMillis() + 30_000;
        while (db.count("SELECT coalesce(sum(rows_copied), 0) FROM uuidswap.set_table") < 25_000
                && System.currentTimeMillis() < deadline && p.isAlive()) {
            Thread.sleep(50);
        }
        assertTrue(p.isAlive(), "the copy finished before it could be killed");

        var second = db.cli("copy");
        assertEquals(6, second.code(), second::toString);
        assertTrue(second.err().contains("another uuidswap process"), second.err());

        p.destroyForcibly(); // SIGKILL: no cleanup of any kind
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(1, db.count("SELECT count(*) FROM uuidswap.set_table WHERE copy_state = 'copying'"),
                "one table was caught half-way");
        var status = db.cli("status");
        assertTrue(status.out().contains("copying"), status.out());

        db.exec("UPDATE users SET display_name = 'changed while down' WHERE id IN (SELECT id FROM users LIMIT 100)");
        var resume = db.cli("copy");
        assertEquals(0, resume.code(), resume::toString);
        assertEquals(1, db.count("SELECT count(*) FROM uuidswap.event WHERE detail LIKE 'restarting%'"));
        var verify = db.cli("verify");
        assertEquals(0, verify.code(), verify::toString);
        for (String t : List.of("users", "journal_entries", "reminders", "tags", "secret_tags")) {
            assertEquals(0, db.differences("public", t, t + "_new"), t);
        }
        assertEquals(0, db.cli("abort").code());
    }
}
