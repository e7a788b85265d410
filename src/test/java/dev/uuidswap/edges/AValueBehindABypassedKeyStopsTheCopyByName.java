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
 * through once the row is fixed.
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
                """);
    }

    @Test
    void thePlanSaysItTrustedTheKeyAndCopyNamesTheRow() {
        var plan = db.cli("plan", "--table", "b.p");
        assertEquals(0, plan.code(), plan::toString);
        assertTrue(plan.out().contains("not read: validated key to b.p.id"), plan.out());
        assertTrue(plan.out().contains("session_replication_role"), plan.out());
        String before = db.checksum("b.c");
        assertEquals(0, db.cli("prepare", "--table", "b.p").code());
        var copy = db.cli("copy", "--table", "b.p");
        assertEquals(3, copy.code(), copy::toString);
        assertTrue(copy.err().contains("999999") && copy.err().contains("not-a-uuid"), copy.err());
        assertFalse(copy.err().contains("Exception") || copy.err().contains("\tat "), copy.err());
        assertEquals(before, db.checksum("b.c"), "the live table is untouched");

        db.exec("DELETE FROM b.c WHERE id = 999999");
        var again = db.cli("copy", "--table", "b.p");
        assertEquals(0, again.code(), again::toString);
        assertEquals(0, db.cli("verify", "--table", "b.p").code());
        assertEquals(0, db.differences("b", "c", "c_new"));
    }
}
