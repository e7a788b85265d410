package dev.uuidswap.edges;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * abort in every phase where it is allowed (prepared, copied with spelling maps, swapped back, and
 * after a copy that failed half way) leaves the catalog exactly as before prepare: no shadow, log,
 * trigger, map, reverse function, grant or uuidswap schema; the live rows unchanged. Where abort is
 * not allowed (swapped) it exits 6 and changes nothing.
 */
@ExtendWith(PgExtension.class)
class AbortLeavesNothingInEveryPhase {
    static TestDb db;
    static final List<String> TABLES = List.of("users", "journal_entries", "reminders", "tags", "secret_tags");

    @BeforeAll
    static void load(TestDb d) {
        db = d;
        db.loadSample(500);
    }

    @AfterEach
    void cleanUp() {
        // A failed test leaves its migration behind; the next one starts from the sample again.
        db.cli("swap-back", "--table", "users");
        db.cli("abort", "--table", "users");
    }

    private static String rows() {
        StringBuilder b = new StringBuilder();
        for (String t : TABLES) {
            b.append(t).append('=').append(db.checksum(t)).append(' ');
        }
        return b.toString();
    }

    private static void ok(TestDb.Result r) {
        assertEquals(0, r.code(), r::toString);
    }

    private static void abortRestores(String catalog, String data) {
        var a = db.cli("abort", "--table", "users");
        assertEquals(0, a.code(), a::toString);
        assertEquals(catalog, db.catalogFingerprint(), "abort left something behind");
        assertEquals(data, rows());
        assertEquals(0, db.count("SELECT count(*) FROM pg_namespace WHERE nspname = 'uuidswap'"));
        var again = db.cli("abort", "--table", "users");
        assertEquals(6, again.code(), "a second abort finds nothing to abort: " + again);
    }

    @Test
    void afterPrepare() {
        String catalog = db.catalogFingerprint();
        String data = rows();
        ok(db.cli("prepare", "--table", "users"));
        abortRestores(catalog, data);
    }

    @Test
    void afterCopyWithSpellingMaps() {
        String catalog = db.catalogFingerprint();
        String data = rows();
        assertTrue(db.count("SELECT count(*) FROM users WHERE id <> lower(id)") > 0, "the sample has upper-case keys");
        ok(db.cli("run", "--table", "users", "--no-swap"));
        assertTrue(db.count("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'uuidswap' AND c.relname LIKE '%spelling'") > 0, "the maps exist before abort");
        abortRestores(catalog, data);
    }

    @Test
    void afterSwapAndSwapBack() {
        String catalog = db.catalogFingerprint();
        String data = rows();
        ok(db.cli("run", "--table", "users"));
        String swapped = db.catalogFingerprint();
        var refused = db.cli("abort", "--table", "users");
        assertEquals(6, refused.code(), refused::toString);
        assertTrue(refused.err().contains("swap-back"), refused.err());
        assertEquals(swapped, db.catalogFingerprint(), "a refused abort changes nothing");
        ok(db.cli("swap-back", "--table", "users"));
        abortRestores(catalog, data);
    }

    @Test
    void afterACopyThatFailedHalfWay() {
        String catalog = db.catalogFingerprint();
        String data = rows();
        ok(db.cli("prepare", "--table", "users"));
        // An index that cannot be built on the shadow (its rows collide only there) stops the copy
        // after the bulk copy, as a disk or permission failure would.
        db.exec("CREATE FUNCTION public.collide(uuid) RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT 1';"
                + " CREATE UNIQUE INDEX reminders_new_collide ON reminders_new (public.collide(user_id))");
        var c = db.cli("copy", "--table", "users");
        assertTrue(c.code() != 0, c::toString);
        db.exec("DROP INDEX reminders_new_collide; DROP FUNCTION public.collide(uuid)");
        abortRestores(catalog, data);
    }
}
