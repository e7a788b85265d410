package dev.uuidswap.edges;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * users, journal_entries and one index in a tablespace of their own: plan names that tablespace in
 * its disk estimate; the shadows, their indexes and the change logs go where the live objects are,
 * so after the swap the live tables and indexes are in it still; --tablespace puts every shadow
 * object in the one named. (In-place tablespaces, which need no directory on the server's host.)
 */
@ExtendWith(PgExtension.class)
class TablespacesAreKept {
    static TestDb db;

    @BeforeAll
    static void load(TestDb d) {
        db = d;
        db.loadSample(200);
        for (String ts : new String[] {"uuidswap_ts_a", "uuidswap_ts_b"}) {
            if (db.count("SELECT count(*) FROM pg_tablespace WHERE spcname = '" + ts + "'") == 0) {
                try (var c = db.connect(); var st = c.createStatement()) {
                    st.execute("SET allow_in_place_tablespaces = on");
                    st.execute("CREATE TABLESPACE " + ts + " LOCATION ''");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        db.exec("ALTER TABLE users SET TABLESPACE uuidswap_ts_a; ALTER TABLE journal_entries SET TABLESPACE uuidswap_ts_a;"
                + " ALTER INDEX users_email_key SET TABLESPACE uuidswap_ts_a");
    }

    static String spc(String relation) {
        return db.value("SELECT coalesce(t.spcname, 'default') FROM pg_class c LEFT JOIN pg_tablespace t ON t.oid = c.reltablespace"
                + " WHERE c.oid = to_regclass('" + relation + "')");
    }

    @Test
    void everyShadowObjectGoesWhereItsLiveObjectIs() {
        var plan = db.cli("plan");
        assertEquals(0, plan.code(), plan::toString);
        assertTrue(plan.out().contains("disk needed in tablespace uuidswap_ts_a"), plan.out());
        assertEquals(0, db.cli("run", "--no-swap").code());
        assertEquals("uuidswap_ts_a", spc("public.users_new"));
        assertEquals("uuidswap_ts_a", spc("public.journal_entries_new"));
        assertEquals("default", spc("public.reminders_new"));
        assertEquals("uuidswap_ts_a", spc("public.users_email_key_new"));
        assertEquals("default", spc("public.users_pkey_new"));
        assertEquals("uuidswap_ts_a", spc("uuidswap.\"public.users_log\""));
        assertEquals("uuidswap_ts_a", spc("uuidswap.\"public.users.id_spelling\""));
        assertEquals(0, db.cli("swap").code());
        assertEquals("uuidswap_ts_a", spc("public.users"));
        assertEquals("uuidswap_ts_a", spc("public.journal_entries"));
        assertEquals("uuidswap_ts_a", spc("public.users_email_key"));
        assertEquals("default", spc("public.tags"));
        assertEquals(0, db.cli("finalize", "--confirm").code());

        db.exec("CREATE SCHEMA t2; CREATE TABLE t2.p (id varchar(36) PRIMARY KEY); CREATE TABLE t2.c (id int PRIMARY KEY,"
                + " p_id varchar(36) REFERENCES t2.p); INSERT INTO t2.p VALUES ('0e5d2a4c-6a4f-4b49-8f3c-3f1a2b3c4d5e')");
        assertEquals(0, db.cli("prepare", "--table", "t2.p", "--tablespace", "uuidswap_ts_b").code());
        assertEquals(0, db.cli("copy", "--table", "t2.p").code());
        for (String r : new String[] {"t2.p_new", "t2.c_new", "t2.p_pkey_new", "t2.c_pkey_new", "t2.c_p_id_idx", "uuidswap.\"t2.p_log\""}) {
            assertEquals("uuidswap_ts_b", spc(r), r);
        }
        assertEquals(0, db.cli("abort", "--table", "t2.p").code());
    }
}
