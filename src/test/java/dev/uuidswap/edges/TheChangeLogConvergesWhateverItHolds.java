package dev.uuidswap.edges;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A key that is not a UUID, written and deleted again, leaves entries in the change log: copy and
 * verify go on (only a live row that still holds one blocks, and is named). Renames that rotate
 * values of a unique key over three transactions cannot be applied in split batches: the catch-up
 * widens to one snapshot-consistent batch and converges, with --batch-size 1 as with the default.
 */
@ExtendWith(PgExtension.class)
class TheChangeLogConvergesWhateverItHolds {
    static TestDb db;

    @BeforeAll
    static void load(TestDb d) {
        db = d;
        db.loadSample(200);
        assertEquals(0, db.cli("run", "--no-swap").code());
    }

    @Test
    void aKeyThatIsNotAUuidBlocksOnlyWhileItsRowLives() {
        db.exec("INSERT INTO users (id, email) VALUES ('not-a-uuid', 'bad@x'); DELETE FROM users WHERE id = 'not-a-uuid'");
        assertEquals(0, db.cli("copy").code());
        assertEquals(0, db.cli("verify").code());
        db.exec("INSERT INTO users (id, email) VALUES ('still-bad', 'bad2@x')");
        var r = db.cli("copy");
        assertEquals(3, r.code(), r::toString);
        assertTrue(r.err().contains("still-bad: id = still-bad"), r.err());
        assertEquals(3, db.cli("verify").code());
        db.exec("DELETE FROM users WHERE id = 'still-bad'");
        assertEquals(0, db.cli("copy").code());
        assertEquals(0, db.cli("verify").code());
    }

    @Test
    void rotatedUniqueValuesConvergeInBatchesOfOne() {
        String u = db.value("SELECT id FROM users ORDER BY id LIMIT 1");
        db.exec("INSERT INTO tags (id, user_id, name) VALUES ('6f1c0a3e-1111-4a2b-9c3d-00000000aaa1', '" + u + "', 'o1'),"
                + " ('6f1c0a3e-1111-4a2b-9c3d-00000000aaa2', '" + u + "', 'o2')");
        assertEquals(0, db.cli("copy").code());
        db.exec("UPDATE tags SET name = 'tmp' WHERE id = '6f1c0a3e-1111-4a2b-9c3d-00000000aaa1'");
        db.exec("UPDATE tags SET name = 'o1' WHERE id = '6f1c0a3e-1111-4a2b-9c3d-00000000aaa2'");
        db.exec("UPDATE tags SET name = 'o2' WHERE id = '6f1c0a3e-1111-4a2b-9c3d-00000000aaa1'");
        var r = db.cli("copy", "--batch-size", "1");
        assertEquals(0, r.code(), r::toString);
        assertEquals(0, db.cli("verify").code());
        assertEquals(0, db.differences("public", "tags", "tags_new"));
    }
}
