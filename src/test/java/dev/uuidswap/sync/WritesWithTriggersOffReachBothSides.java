package dev.uuidswap.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Writes made under session_replication_role = replica (how logical replication applies its changes
 * on a subscriber, and how some bulk fixes run) skip ordinary triggers. The capture triggers were
 * such triggers: those rows never reached the shadows and verify reported them missing; after the
 * swap the reverse triggers missed them too, so a swap-back lost them. uuidswap's triggers now fire
 * always.
 */
@ExtendWith(PgExtension.class)
class WritesWithTriggersOffReachBothSides {
    static TestDb db;

    @BeforeAll
    static void schema(TestDb d) {
        db = d;
        db.exec("""
                CREATE SCHEMA r;
                CREATE TABLE r.p (id varchar(36) PRIMARY KEY, name text);
                CREATE TABLE r.c (id int PRIMARY KEY, p_id varchar(36) REFERENCES r.p, note text);
                INSERT INTO r.p SELECT md5(g::text)::uuid::text, 'p' || g FROM generate_series(1, 500) g;
                INSERT INTO r.c SELECT g, md5(g::text)::uuid::text, 'c' || g FROM generate_series(1, 500) g;
                """);
    }

    private static void asReplica(String sql) {
        db.exec("SET session_replication_role = replica; " + sql + "; RESET session_replication_role");
    }

    @Test
    void captureAndReverseTriggersSeeThem() {
        assertEquals(0, db.cli("prepare", "--table", "r.p").code());
        assertEquals("A", db.value("SELECT string_agg(DISTINCT tgenabled::text, ',') FROM pg_trigger"
                + " WHERE tgname LIKE 'uuidswap%' AND tgrelid IN ('r.p'::regclass, 'r.c'::regclass)"));
        asReplica("INSERT INTO r.p VALUES ('AAAAAAAA-0000-4000-8000-000000000001', 'replica');"
                + " INSERT INTO r.c VALUES (1001, 'AAAAAAAA-0000-4000-8000-000000000001', 'replica');"
                + " UPDATE r.c SET note = 'replica' WHERE id = 7; DELETE FROM r.c WHERE id = 8");
        assertEquals(0, db.cli("copy", "--table", "r.p").code());
        asReplica("UPDATE r.p SET name = 'replica' WHERE name = 'p9'; DELETE FROM r.c WHERE id = 9");
        var verify = db.cli("verify", "--table", "r.p");
        assertEquals(0, verify.code(), verify::toString);

        // A plain ENABLE TRIGGER ALL after a DISABLE makes them fire for the origin only: refused, named.
        db.exec("ALTER TABLE r.c DISABLE TRIGGER ALL; ALTER TABLE r.c ENABLE TRIGGER ALL");
        var refused = db.cli("verify", "--table", "r.p");
        assertEquals(3, refused.code(), refused::toString);
        assertTrue(refused.err().contains("r.c") && refused.err().contains("ENABLE ALWAYS TRIGGER"), refused.err());
        assertTrue(db.cli("status", "--table", "r.p").out().contains("not always"));
        db.exec("ALTER TABLE r.c ENABLE ALWAYS TRIGGER uuidswap_capture, ENABLE ALWAYS TRIGGER uuidswap_capture_truncate");
        assertEquals(0, db.cli("copy", "--table", "r.p").code());
        assertEquals(0, db.cli("verify", "--table", "r.p").code());

        assertEquals(0, db.cli("swap", "--table", "r.p").code());
        asReplica("INSERT INTO r.p VALUES ('bbbbbbbb-0000-4000-8000-000000000002', 'after swap');"
                + " UPDATE r.c SET note = 'after swap' WHERE id = 10");
        assertEquals(0, db.cli("swap-back", "--table", "r.p").code());
        assertEquals(1, db.count("SELECT count(*) FROM r.p WHERE id = 'bbbbbbbb-0000-4000-8000-000000000002'"));
        assertEquals("after swap", db.value("SELECT note FROM r.c WHERE id = 10"));
        assertEquals("AAAAAAAA-0000-4000-8000-000000000001", db.value("SELECT p_id FROM r.c WHERE id = 1001"));
        assertEquals(0, db.cli("verify", "--table", "r.p").code());
        assertEquals(0, db.differences("r", "c", "c_new"));
    }
}
