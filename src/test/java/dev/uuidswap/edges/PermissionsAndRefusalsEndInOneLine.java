package dev.uuidswap.edges;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a role may do and how a refusal reads: a monitoring role with no grants of its own reads
 * status in every phase; a role without rights on the tables gets exit 7 and one line, and the
 * catalog is unchanged; an unknown user is named; two prepares at once act once; -q silences
 * progress; a view or a sequence given as --table is called what it is.
 */
@ExtendWith(PgExtension.class)
class PermissionsAndRefusalsEndInOneLine {
    static TestDb db;
    static final String PW = "watch-pw-1";

    @BeforeAll
    static void load(TestDb d) {
        db = d;
        db.loadSample(300);
        db.role("uuidswap_watcher", "LOGIN PASSWORD '" + PW + "'");
        db.role("uuidswap_intruder", "LOGIN PASSWORD '" + PW + "'");
        db.exec("GRANT CONNECT ON DATABASE " + TestDb.q(db.name) + " TO PUBLIC");
    }

    @AfterAll
    static void cleanUp() {
        db.cli("abort", "--table", "users");
    }

    private static TestDb.Result as(String role, String... args) {
        return db.cliWithEnv(Map.of("PGUSER", role, "PGPASSWORD", PW), args);
    }

    private static void oneLine(TestDb.Result r) {
        assertEquals(1, r.err().strip().lines().count(), () -> "one line expected: " + r);
        assertFalse(r.err().contains("\tat ") || r.err().contains("WARN"), () -> "no stack trace, no warnings: " + r);
    }

    @Test
    void aMonitoringRoleReadsStatusInEveryPhaseAndAnIntruderChangesNothing() {
        var none = as("uuidswap_watcher", "status", "--table", "users");
        assertEquals(0, none.code(), none::toString);
        assertTrue(none.out().contains("no migration of public.users"), none.out());

        String before = db.catalogFingerprint();
        var prep = as("uuidswap_intruder", "prepare", "--table", "users");
        assertEquals(7, prep.code(), prep::toString);
        oneLine(prep);
        assertTrue(prep.err().contains("uuidswap_intruder"), "names the role: " + prep.err());
        assertEquals(before, db.catalogFingerprint(), "a refused prepare changes nothing");

        assertEquals(0, db.cli("prepare", "--table", "users").code());
        db.exec("INSERT INTO users (id, email) SELECT gen_random_uuid()::text, 'w' || g || '@x' FROM generate_series(1, 5) g");
        var prepared = as("uuidswap_watcher", "status", "--table", "users", "--format", "json");
        assertEquals(0, prepared.code(), prepared::toString);
        assertTrue(prepared.out().contains("\"phase\" : \"prepared\"") || prepared.out().contains("\"phase\":\"prepared\""),
                prepared.out());
        var copy = as("uuidswap_intruder", "copy", "--table", "users");
        assertEquals(7, copy.code(), copy::toString);
        oneLine(copy);

        assertEquals(0, db.cli("copy", "--table", "users").code());
        var copied = as("uuidswap_watcher", "status", "--table", "users");
        assertEquals(0, copied.code(), copied::toString);
        assertTrue(copied.out().contains("copied"), copied.out());
        var abort = as("uuidswap_watcher", "abort", "--table", "users");
        assertEquals(7, abort.code(), abort::toString);
        oneLine(abort);

        assertEquals(0, db.cli("verify", "--table", "users").code());
        assertEquals(0, db.cli("swap", "--table", "users").code());
        var swapped = as("uuidswap_watcher", "status", "--table", "users");
        assertEquals(0, swapped.code(), swapped::toString);
        assertTrue(swapped.out().contains("swapped"), swapped.out());
        assertEquals(0, db.cli("swap-back", "--table", "users").code());
        assertEquals(0, db.cli("abort", "--table", "users").code());
    }

    @Test
    void statusNeedsNoRightsOnTheTablesSchema() {
        db.exec("CREATE SCHEMA IF NOT EXISTS hidden; REVOKE ALL ON SCHEMA hidden FROM PUBLIC;"
                + " CREATE TABLE hidden.p (id varchar(36) PRIMARY KEY);"
                + " CREATE TABLE hidden.c (id int PRIMARY KEY, p_id varchar(36) REFERENCES hidden.p);"
                + " INSERT INTO hidden.p SELECT gen_random_uuid()::text FROM generate_series(1, 50)");
        assertEquals(0, db.cli("run", "--table", "hidden.p", "--no-swap").code());
        var s = as("uuidswap_watcher", "status", "--table", "hidden.p");
        assertEquals(0, s.code(), s::toString);
        assertTrue(s.out().contains("copied"), s.out());
        assertTrue(s.out().contains("not checked: this role may not look up the tables"), "says what it could not check: " + s.out());
        assertEquals(0, db.cli("abort", "--table", "hidden.p").code());
        db.exec("DROP SCHEMA hidden CASCADE");
    }

    @Test
    void anUnknownUserIsNamed() {
        var r = as("uuidswap_nobody", "status", "--table", "users");
        assertEquals(2, r.code(), r::toString);
        oneLine(r);
        assertTrue(r.err().contains("uuidswap_nobody"), r.err());
        assertFalse(r.err().contains(PW), r.err());
    }

    @Test
    void twoPreparesAtOnceActOnce() throws Exception {
        db.exec("CREATE SCHEMA IF NOT EXISTS twice; CREATE TABLE twice.p (id varchar(36) PRIMARY KEY);"
                + " CREATE TABLE twice.c (id int PRIMARY KEY, p_id varchar(36) REFERENCES twice.p);"
                + " INSERT INTO twice.p SELECT gen_random_uuid()::text FROM generate_series(1, 100)");
        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<TestDb.Result>> runs = List.of(1, 2).stream().map(i -> CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return db.cli("prepare", "--table", "twice.p");
        })).toList();
        List<Integer> codes = runs.stream().map(f -> f.join().code()).sorted().toList();
        assertEquals(List.of(0, 6), codes, "one acts, the other says so: " + runs.stream().map(CompletableFuture::join).toList());
        runs.stream().map(CompletableFuture::join).filter(r -> r.code() != 0).forEach(PermissionsAndRefusalsEndInOneLine::oneLine);
        assertEquals(1, db.count("SELECT count(*) FROM uuidswap.migration WHERE parent_schema = 'twice' AND parent_table = 'p'"));
        assertEquals(0, db.cli("abort", "--table", "twice.p").code());
        db.exec("DROP SCHEMA twice CASCADE");
    }

    @Test
    void quietSaysNothingButTheResult() {
        var r = db.cli("plan", "--table", "users", "-q");
        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.err(), "no progress lines");
        assertTrue(r.out().contains("uuidswap plan"), r.out());
    }

    @Test
    void aViewOrASequenceIsCalledWhatItIs() {
        db.exec("CREATE OR REPLACE VIEW user_emails AS SELECT id, email FROM users; CREATE SEQUENCE IF NOT EXISTS some_seq");
        var v = db.cli("plan", "--table", "user_emails");
        assertEquals(2, v.code(), v::toString);
        oneLine(v);
        assertTrue(v.err().contains("is a view, not a table"), v.err());
        var s = db.cli("prepare", "--table", "some_seq");
        assertEquals(2, s.code(), s::toString);
        assertTrue(s.err().contains("is a sequence, not a table"), s.err());
        db.exec("DROP VIEW user_emails; DROP SEQUENCE some_seq");
    }
}
