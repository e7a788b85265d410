package dev.uuidswap.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Mixed case, spaces, quotes and a 60-character name through prepare, copy, verify, status and abort. */
@ExtendWith(PgExtension.class)
class OddIdentifiersSurvivePrepareCopyVerifyAbort {
    static TestDb db;
    static final String LONG = "a_table_name_that_is_long_enough_to_hit_the_63_byte_limit_x";

    @BeforeAll
    static void schema(TestDb d) {
        db = d;
        db.exec(TestDb.resource("/fixtures/odd-identifiers.sql"));
    }

    @Test
    void wholeSyncFlowWithQuotedNames() {
        String table = "\"Odd Schema\".\"Org \"\"Units\"\"\"";
        String before = db.catalogFingerprint();
        var p = db.cli("prepare", "--table", table);
        assertEquals(0, p.code(), p::toString);
        db.exec("INSERT INTO \"Odd Schema\".\"child table\" (\"Unit Ref\") VALUES ('" + db.value(
                "SELECT \"Unit Id\" FROM \"Odd Schema\".\"Org \"\"Units\"\"\" LIMIT 1") + "')");
        var c = db.cli("copy", "--table", table);
        assertEquals(0, c.code(), c::toString);
        var v = db.cli("verify", "--table", table);
        assertEquals(0, v.code(), v::toString);
        assertEquals(0, db.differences("Odd Schema", "Org \"Units\"", "Org \"Units\"_new"));
        assertEquals(0, db.differences("Odd Schema", "child table", "child table_new"));
        assertTrue(db.count("SELECT count(*) FROM pg_class WHERE relkind = 'r'"
                + " AND relname LIKE 'a_table_name_that_is_long%_new' AND octet_length(relname) <= 63") == 1,
                "the long name got a shadow within 63 bytes");
        assertEquals("uuid", db.value("SELECT data_type FROM information_schema.columns WHERE table_name = 'child table_new'"
                + " AND column_name = 'Unit Ref'"));
        var s = db.cli("status", "--table", table);
        assertTrue(s.out().contains("copied") || s.out().contains("indexed"), s.out());
        var a = db.cli("abort", "--table", table);
        assertEquals(0, a.code(), a::toString);
        assertEquals(before, db.catalogFingerprint());
    }

    @Test
    void prepareRefusesWhenPlanWouldBlockAndChangesNothing() {
        db.exec("CREATE TABLE bad_parent (id varchar(36) PRIMARY KEY); INSERT INTO bad_parent VALUES ('nope')");
        String before = db.catalogFingerprint();
        var r = db.cli("prepare", "--table", "bad_parent");
        assertEquals(3, r.code(), r::toString);
        assertTrue(r.err().contains("not UUIDs"), r.err());
        assertEquals(before, db.catalogFingerprint());
    }
}
