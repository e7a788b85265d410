package dev.uuidswap.edges;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A child column whose validated foreign key points at a parent that holds only canonical UUIDs is
 * not read by the data checks: the key vouches for it. A row written with the key bypassed
 * (session_replication_role = replica) can still hold anything. The plan used to show such a
 * column with 0 values that are not UUIDs, and copy then ended with exit 1 on the cast; now the
 * plan says the column was not read and why, and copy stops with exit 3 naming the row, and goes
 * through once the row is fixed. Likewise two spellings of one key that collide in a child's
 * unique index, which the checks take for impossible behind a validated key (a child's values are
 * its parent's): copy ended with exit 1 and an internal error naming only the index; it now stops
 * with exit 3 naming the rows. --recheck-foreign-keys finds both in the plan.
 */
@ExtendWith(PgExtension.class)
class AValueBehindABypassedKeyStopsTheCopyByName {
    static TestDb db;

    @BeforeAll
    static void schema(TestDb d) {
        db = d;
        db.exec("""
                CREATE SCHEMA b;
                CREATE TABLE b.p (id varchar(36) PRIMARY KEY);
                CREATE TABLE b.c (id int PRIMARY KEY, p_id varchar(36) REFERENCES b.p);
                INSERT INTO b.p SELECT md5(g::text)::uuid::text FROM generate_series(1, 2000) g;
                INSERT INTO b.c SELECT g, md5(g::text)::uuid::text FROM generate_series(1, 2000) g;
                SET session_replication_role = replica;
                INSERT INTO b.c VALUES (999999, 'not-a-uuid');
                RESET session_replication_role;

                CREATE SCHEMA bc;
                CREATE TABLE bc.p (id varchar(36) PRIMARY KEY);
                CREATE TABLE bc.c (id int PRIMARY KEY, p_id varchar(36) UNIQUE REFERENCES bc.p);
                INSERT INTO bc.p SELECT upper(md5(g::text)::uuid::text) FROM generate_series(1, 2000) g;
                INSERT INTO bc.c SELECT g, upper(md5(g::text)::uuid::text) FROM generate_series(1, 2000) g;
                SET session_replication_role = replica;
                INSERT INTO bc.c VALUES (999999, md5('7')::uuid::text);
                RESET session_replication_role;
                """);
    }

    @Test
    void thePlanSaysItTrustedTheKeyAndCopyNamesTheRow() {
        var plan = db.cli("plan", "--table", "b.p");
        assertEquals(0, plan.code(), plan::toString);
        assertTrue(plan.out().contains("not read: validated key to b.p.id"), plan.out());
        assertTrue(plan.out().contains("session_replication_role"), plan.out());
        copyStopsUntilTheRowIsFixed("b", "999999", "not-a-uuid");
    }

    @Test
    void thePlanTrustsTheKeyAndCopyNamesTheCollidingRows() {
        var plan = db.cli("plan", "--table", "bc.p");
        assertEquals(0, plan.code(), plan::toString);
        assertTrue(plan.out().contains("not read: validated key to bc.p.id"), plan.out());
        var recheck = db.cli("plan", "--table", "bc.p", "--recheck-foreign-keys");
        assertEquals(3, recheck.code(), recheck::toString);
        assertTrue(recheck.out().contains("case-duplicate") && recheck.out().contains("bc.c.c_p_id_key"), recheck.out());
        String upper = db.value("SELECT upper(md5('7')::uuid::text)");
        copyStopsUntilTheRowIsFixed("bc", upper, upper.toLowerCase(), "c_p_id_key");
    }

    /** Prepare, copy stops with exit 3 naming what is given; once row 999999 is gone copy and verify go through. */
    private static void copyStopsUntilTheRowIsFixed(String schema, String... named) {
        String before = db.checksum(schema + ".c");
        assertEquals(0, db.cli("prepare", "--table", schema + ".p").code());
        var copy = db.cli("copy", "--table", schema + ".p");
        assertEquals(3, copy.code(), copy::toString);
        for (String n : named) {
            assertTrue(copy.err().contains(n), n + " named in " + copy.err());
        }
        assertFalse(copy.err().contains("Exception") || copy.err().contains("\tat "), copy.err());
        assertEquals(before, db.checksum(schema + ".c"), "the live table is untouched");

        db.exec("DELETE FROM " + schema + ".c WHERE id = 999999");
        var again = db.cli("copy", "--table", schema + ".p");
        assertEquals(0, again.code(), again::toString);
        assertEquals(0, db.cli("verify", "--table", schema + ".p").code());
        assertEquals(0, db.differences(schema, "c", "c_new"));
    }
}
