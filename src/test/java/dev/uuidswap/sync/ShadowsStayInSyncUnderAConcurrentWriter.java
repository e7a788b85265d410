package dev.uuidswap.sync;

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
 * The core promise: while the application inserts, updates (keys too), deletes with
 * cascades and truncates, prepare + copy + verify produce shadows equal to the live tables, checked
 * by the test's own EXCEPT query; the writer never sees an error; abort leaves the catalog as before.
 */
@ExtendWith(PgExtension.class)
class ShadowsStayInSyncUnderAConcurrentWriter {
    static TestDb db;
    static final List<String> TABLES = List.of("users", "journal_entries", "reminders", "tags", "secret_tags");

    @BeforeAll
    static void load(TestDb d) {
        db = d;
        db.loadSample(5000);
    }

    @Test
    void prepareCopyVerifyWhileTheApplicationWrites() throws Exception {
        String before = db.catalogFingerprint();
        DemoWriter writer = new DemoWriter(() -> db.connect("prepareThreshold=0"), true);
        writer.awaitOps(30);
        long before0 = writer.ops();
        var prepare = db.cli("prepare");
        assertEquals(0, prepare.code(), prepare::toString);
        assertTrue(writer.ops() > before0, "the writer wrote while prepare installed its triggers");
        writer.awaitOps(50);
        long before1 = writer.ops();
        var copy = db.cli("copy", "--batch-size", "2000", "--jobs", "2");
        assertEquals(0, copy.code(), copy::toString);
        assertTrue(writer.ops() > before1, "the writer wrote while the copy ran");
        writer.awaitOps(300); // past the writer's TRUNCATE
        long before2 = writer.ops();
        var verify = db.cli("verify", "--format", "json");
        assertEquals(0, verify.code(), verify::toString);
        assertTrue(writer.ops() > before2, "the writer wrote while verify ran");

        assertEquals("uuid", db.value("SELECT data_type FROM information_schema.columns WHERE table_name = 'users_new' AND column_name = 'id'"));
        for (String child : List.of("journal_entries", "reminders", "tags", "secret_tags")) {
            assertEquals("uuid", db.value("SELECT data_type FROM information_schema.columns WHERE table_name = '" + child
                    + "_new' AND column_name = 'user_id'"), child);
        }
        assertEquals("character varying", db.value("SELECT data_type FROM information_schema.columns"
                + " WHERE table_name = 'users' AND column_name = 'id'"));
        assertEquals(1, db.count("SELECT count(*) FROM pg_indexes WHERE tablename = 'journal_entries_new' AND indexdef LIKE '%(user_id)%'"));
        assertEquals(1, db.count("SELECT count(*) FROM pg_indexes WHERE tablename = 'users_new' AND indexname = 'users_pkey_new'"));

        writer.close();
        assertEquals(List.of(), writer.errors(), "the capture triggers must never fail an application write");
        assertTrue(writer.ops() > 300, "writer ops " + writer.ops());

        assertEquals(0, db.cli("copy").code(), "copy again only catches up");
        var again = db.cli("verify");
        assertEquals(0, again.code(), again::toString);
        for (String t : TABLES) {
            assertEquals(0, db.differences("public", t, t + "_new"), t + " differs from its shadow");
        }
        Map<String, String> shadow = new HashMap<>();
        db.rows("SELECT id::text, display_name FROM users_new").forEach(r -> shadow.put(r.get(0), r.get(1)));
        for (var e : writer.liveUsers.entrySet()) {
            assertEquals(e.getValue(), shadow.get(e.getKey()), "acknowledged write of " + e.getKey());
        }
        for (String gone : writer.deletedUsers) {
            assertTrue(!shadow.containsKey(gone), gone);
        }
        assertEquals(0, db.count("SELECT count(*) FROM journal_entries_new j WHERE NOT EXISTS (SELECT 1 FROM users_new u WHERE u.id = j.user_id)"),
                "cascaded deletes are mirrored");

        var abort = db.cli("abort");
        assertEquals(0, abort.code(), abort::toString);
        assertEquals(before, db.catalogFingerprint(), "abort must leave the catalog exactly as before prepare");
    }
}
