package dev.uuidswap.cutover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A column added or dropped, an index created after prepare: copy, verify and swap refuse with
 * exit 3, name each change and change nothing (also with a write pending in the change log);
 * status shows it; a grant does not count (the swap carries it). After abort and a new prepare the
 * cycle goes through with the new column, and a change to the uuid tables after the swap stops
 * swap-back. A column added while the copy runs ends the copy with exit 3.
 */
@ExtendWith(PgExtension.class)
class SchemaChangesAfterPrepareAreNamedAndRefused {
    static TestDb db;

    @BeforeAll
    static void load(TestDb d) {
        db = d;
        db.loadSample(300);
        db.role("drift_reader", "");
    }

    @Test
    void everyCommandNamesTheChangeAndTheWayOut() throws Exception {
        assertEquals(0, db.cli("run", "--no-swap").code());
        db.exec("GRANT SELECT ON users TO drift_reader");
        assertEquals(0, db.cli("verify").code(), "a grant is carried by the swap, not a change of the shadows");

        db.exec("ALTER TABLE users ADD COLUMN phone text NOT NULL DEFAULT '555';"
                + " ALTER TABLE reminders DROP COLUMN note;"
                + " CREATE INDEX users_name_idx ON users (display_name)");
        db.exec("INSERT INTO users (id, email, phone) VALUES ('0e5d2a4c-6a4f-4b49-8f3c-3f1a2b3c4d5e', 'late@x', '556')");
        String before = db.catalogFingerprint();
        for (String cmd : new String[] {"swap", "verify", "copy"}) {
            var r = db.cli(cmd);
            assertEquals(3, r.code(), () -> cmd + ": " + r);
            assertTrue(r.err().contains("+ column phone text not null default '555'::text"), r.err());
            assertTrue(r.err().contains("- column note text"), r.err());
            assertTrue(r.err().contains("+ index CREATE INDEX users_name_idx"), r.err());
            assertTrue(r.err().contains("run abort, then prepare and copy again"), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        assertEquals(before, db.catalogFingerprint(), "refusals changed nothing");
        var status = db.cli("status");
        assertEquals(0, status.code(), status::toString);
        assertTrue(status.out().contains("+ column phone"), status.out());
        assertTrue(status.out().matches("(?s).*verified after copy \\(swap allowed\\)\\s+no.*"), status.out());

        assertEquals(0, db.cli("abort").code());
        assertEquals(0, db.cli("run").code(), "the new cycle includes the new column");
        assertEquals("uuid", db.value("SELECT data_type FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'id'"));
        db.exec("INSERT INTO users (id, email, phone) VALUES ('6f1c0a3e-1111-4a2b-9c3d-000000000009', 'app@x', '557')");
        assertEquals("557", db.value("SELECT phone FROM users_old WHERE id = '6f1c0a3e-1111-4a2b-9c3d-000000000009'"));
        assertTrue(db.count("SELECT count(*) FROM pg_indexes WHERE indexname = 'users_name_idx' AND tablename = 'users'") == 1);

        db.exec("ALTER TABLE users ADD COLUMN nickname text");
        String swapped = db.catalogFingerprint();
        var back = db.cli("swap-back");
        assertEquals(3, back.code(), back::toString);
        assertTrue(back.err().contains("+ column nickname text") && back.err().contains("swap-back would lose it"), back.err());
        assertEquals(swapped, db.catalogFingerprint());
        db.exec("ALTER TABLE users DROP COLUMN nickname");
        assertEquals(0, db.cli("swap-back").code(), "the change undone, swap-back goes through");
    }

    @Test
    void aColumnAddedWhileTheCopyRunsEndsTheCopyWithExitThree() throws Exception {
        db.exec("CREATE SCHEMA slow; CREATE TABLE slow.p (id varchar(36) PRIMARY KEY, v int);"
                + " INSERT INTO slow.p SELECT md5(g::text)::uuid::text, g FROM generate_series(1, 3000) g");
        assertEquals(0, db.cli("prepare", "--table", "slow.p").code());
        CompletableFuture<TestDb.Result> copy = CompletableFuture.supplyAsync(() -> db.cli("copy", "--table", "slow.p",
                "--batch-size", "100", "--max-rows-per-second", "1000"));
        Thread.sleep(700);
        db.exec("ALTER TABLE slow.p ADD COLUMN extra int");
        var r = copy.get();
        assertEquals(3, r.code(), r::toString);
        assertTrue(r.err().contains("+ column extra integer"), r.err());
        assertEquals(3, db.cli("copy", "--table", "slow.p").code(), "copy again still refuses");
        assertEquals(0, db.cli("abort", "--table", "slow.p").code());
    }
}
