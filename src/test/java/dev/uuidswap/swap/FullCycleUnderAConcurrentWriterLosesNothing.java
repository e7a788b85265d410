package dev.uuidswap.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uuidswap.demo.DemoWriter;
import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * prepare → copy → verify → swap → swap-back → verify → swap → finalize while the application
 * writes on its own connection: zero writer errors, every acknowledged write in the live tables,
 * live and counterpart tables equal after each step (the test's own EXCEPT query).
 */
@ExtendWith(PgExtension.class)
class FullCycleUnderAConcurrentWriterLosesNothing {
    static TestDb db;
    static final List<String> TABLES = List.of("users", "journal_entries", "reminders", "tags", "secret_tags");

    @BeforeAll
    static void load(TestDb d) {
        db = d;
        db.loadSample(4000);
    }

    private static void sameAs(String suffix) {
        for (String t : TABLES) {
            assertEquals(0, db.differences("public", t, t + suffix), t + " vs " + t + suffix);
        }
    }

    @Test
    void everyAcknowledgedWriteSurvivesSwapAndSwapBack() throws Exception {
        DemoWriter w = new DemoWriter(() -> db.connect("prepareThreshold=0"), true);
        try {
            long before = w.ops();
            var run = db.cli("run", "--no-swap");
            if (run.code() == 3 && run.err().contains("was rewritten while it was copied")) {
                // The writer's one TRUNCATE landed while that table was copied: copy says to run it again.
                assertEquals(0, db.cli("copy").code());
                run = db.cli("verify");
            }
            assertEquals(0, run.code(), run::toString);
            assertTrue(w.ops() > before, "the writer wrote while prepare, copy and verify ran");
            w.awaitOps(50);
            var swap = db.cli("swap");
            assertEquals(0, swap.code(), swap::toString);
            assertTrue(swap.out().contains("locks held"), swap.out());
            assertEquals("uuid", db.value("SELECT data_type FROM information_schema.columns WHERE table_schema = 'public'"
                    + " AND table_name = 'users' AND column_name = 'id'"));
            w.awaitOps(300);
            sameAs("_old");
            var back = db.cli("swap-back");
            assertEquals(0, back.code(), back::toString);
            assertEquals("character varying", db.value("SELECT data_type FROM information_schema.columns WHERE table_schema = 'public'"
                    + " AND table_name = 'users' AND column_name = 'id'"));
            w.awaitOps(100);
            var verify = db.cli("verify");
            assertEquals(0, verify.code(), verify::toString);
            var again = db.cli("swap");
            assertEquals(0, again.code(), again::toString);
            w.awaitOps(100);
        } finally {
            w.close();
        }
        assertEquals(List.of(), w.errors(), "the application saw errors");
        sameAs("_old");
        Map<String, String> live = new HashMap<>();
        db.rows("SELECT id::text, display_name FROM users").forEach(r -> live.put(r.get(0), r.get(1)));
        for (var e : w.liveUsers.entrySet()) {
            assertEquals(e.getValue(), live.get(e.getKey()), "acknowledged write of " + e.getKey());
        }
        for (String gone : w.deletedUsers) {
            assertTrue(!live.containsKey(gone), gone);
        }
        var fin = db.cli("finalize", "--confirm");
        assertEquals(0, fin.code(), fin::toString);
        assertEquals(0, db.count("SELECT count(*) FROM pg_class WHERE relname LIKE '%\\_old' OR relname LIKE '%\\_new'"));
        assertEquals(0, db.count("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'uuidswap%'"));
        assertEquals(6, db.cli("finalize", "--confirm").code(), "finalize refuses to run twice");
    }
}
