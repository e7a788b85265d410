package dev.uuidswap.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** swap → swap-back → verify → swap → finalize on identifiers that all need quoting. */
@ExtendWith(PgExtension.class)
class OddIdentifiersThroughSwapSwapBackAndFinalize {
    static TestDb db;
    static final String TABLE = "\"Odd Schema\".\"Org \"\"Units\"\"\"";

    @BeforeAll
    static void schema(TestDb d) {
        db = d;
        db.exec(TestDb.resource("/fixtures/odd-identifiers.sql"));
    }

    private static String type() {
        return db.value("SELECT data_type FROM information_schema.columns WHERE table_schema = 'Odd Schema'"
                + " AND table_name = 'child table' AND column_name = 'Unit Ref'");
    }

    @Test
    void theWholeCycle() {
        var run = db.cli("run", "--table", TABLE);
        assertEquals(0, run.code(), run::toString);
        assertEquals("uuid", type());
        assertEquals("uuid", db.value("SELECT data_type FROM information_schema.columns WHERE table_name = 'Unit View' AND column_name = 'Unit Id'"));
        db.exec("INSERT INTO \"Odd Schema\".\"Org \"\"Units\"\"\" VALUES ('6f1c0a3e-1111-4a2b-9c3d-00000000beef', 'after swap')");
        assertEquals(0, db.cli("swap-back", "--table", TABLE).code());
        assertEquals("character varying", type());
        assertEquals(1, db.count("SELECT count(*) FROM \"Odd Schema\".\"Org \"\"Units\"\"\" WHERE \"Name; DROP TABLE x\" = 'after swap'"));
        assertEquals(0, db.cli("verify", "--table", TABLE).code());
        assertEquals(0, db.cli("swap", "--table", TABLE).code());
        assertEquals(0, db.differences("Odd Schema", "child table", "child table_old"));
        var fin = db.cli("finalize", "--table", TABLE, "--confirm");
        assertEquals(0, fin.code(), fin::toString);
        assertEquals("uuid", type());
        assertEquals(0, db.count("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'Odd Schema' AND c.relname LIKE '%\\_old'"));
    }
}
