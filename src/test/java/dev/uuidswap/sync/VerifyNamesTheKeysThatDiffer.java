package dev.uuidswap.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgExtension.class)
class VerifyNamesTheKeysThatDiffer {
    static TestDb db;

    @BeforeAll
    static void load(TestDb d) {
        db = d;
        db.loadSample(3000);
    }

    @Test
    void plantedDifferencesFailVerifyAndClearTheEarlierPass() throws Exception {
        assertEquals(6, db.cli("verify").code(), "verify before prepare is the wrong phase");
        assertEquals(0, db.cli("prepare").code());
        assertEquals(6, db.cli("prepare").code(), "prepare twice refuses");
        assertEquals(6, db.cli("verify").code(), "verify before copy is the wrong phase");
        assertEquals(0, db.cli("copy").code());
        assertEquals(0, db.cli("verify").code());
        assertTrue(db.cli("status", "--format", "json").out().contains("\"verifiedAfterCopy\" : true"));

        String changed = db.value("SELECT id FROM users ORDER BY id LIMIT 1");
        String missing = db.value("SELECT id FROM tags ORDER BY id LIMIT 1");
        db.exec("UPDATE users_new SET display_name = 'tampered' WHERE id = '" + changed + "'");
        db.exec("DELETE FROM tags_new WHERE id = '" + missing + "'");
        db.exec("INSERT INTO reminders_new (id, user_id, remind_at) SELECT 'extra-1', user_id::uuid, remind_at FROM reminders LIMIT 1");

        // What an earlier build kept: example keys in the event log.
        db.exec("INSERT INTO uuidswap.event (migration, step, detail) SELECT id, 'verify', 'verify FAILED: 1 table(s) differ:"
                + " [public.users (1 key(s), e.g. [different (" + changed + ")])]' FROM uuidswap.migration");
        var r = db.cli("verify", "--format", "json");
        assertEquals(4, r.code(), r::toString);
        JsonNode v = new ObjectMapper().readTree(r.out());
        assertFalse(v.get("ok").asBoolean());
        List<String> diffs = new ArrayList<>();
        v.get("tables").forEach(t -> t.get("differences").forEach(d -> diffs.add(t.get("source").asText() + " "
                + d.get("kind").asText() + " " + d.get("key").asText())));
        assertTrue(diffs.contains("public.users different (" + changed + ")"), diffs::toString);
        assertTrue(diffs.contains("public.tags missing (" + missing + ")"), diffs::toString);
        assertTrue(diffs.contains("public.reminders extra (extra-1)"), diffs::toString);
        assertEquals(3, diffs.size(), diffs::toString);
        String status = db.cli("status", "--format", "json").out();
        assertTrue(status.contains("\"verifiedAfterCopy\" : false"), "a failed verify clears the earlier pass");
        // Every role may read the state (status is for monitoring roles): it names tables and counts, never a key.
        String kept = db.value("SELECT last_verify_summary FROM uuidswap.migration")
                + db.value("SELECT string_agg(detail, ' ') FROM uuidswap.event WHERE step = 'verify'");
        assertTrue(kept.contains("public.users (1 key(s))") && kept.contains("public.tags (1 key(s))"), kept);
        for (String key : List.of(changed, missing, "extra-1")) {
            assertFalse(kept.contains(key) || status.contains(key), "the key " + key + " is kept where every role reads: " + kept);
        }
        var text = db.cli("verify", "--format", "html");
        assertEquals(4, text.code());
        assertTrue(text.out().contains("class=\"bad\""), "differences shown in red");
    }
}
