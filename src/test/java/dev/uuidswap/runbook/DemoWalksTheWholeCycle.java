package dev.uuidswap.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's first command, end to end against the test server: its summary numbers are asserted. */
@ExtendWith(PgExtension.class)
class DemoWalksTheWholeCycle {
    static TestDb db;

    @BeforeAll
    static void init(TestDb d) {
        db = d;
    }

    @Test
    void demoSummaryShowsZeroWriterErrorsAndUuidKeys() {
        long before = db.count("SELECT count(*) FROM pg_database");
        var r = db.cli("demo", "--rows", "3000", "--url", db.server.url("postgres"));
        assertEquals(0, r.code(), r::toString);
        for (String step : List.of("== plan ==", "== prepare ==", "== copy ==", "== verify ==", "== swap ==", "== swap-back ==")) {
            assertTrue(r.out().contains(step), step);
        }
        assertTrue(r.out().contains("writer errors:          0"), r.out());
        assertTrue(r.out().contains("verify:                 passed, passed"), r.out());
        assertTrue(r.out().contains("users.id type now:      uuid"), r.out());
        assertTrue(r.out().contains("result:                 OK"), r.out());
        assertTrue(r.out().matches("(?s).*writer operations:\\s+[1-9][0-9,]*\\n.*"), r.out());
        assertEquals(before, db.count("SELECT count(*) FROM pg_database"), "the demo drops its database");
    }
}
