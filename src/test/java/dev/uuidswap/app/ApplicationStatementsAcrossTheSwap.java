package dev.uuidswap.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The application-compatibility advice (README "The application across the swap") with a real
 * pgjdbc client: what fails across the swap, and which remedy removes it.
 */
@ExtendWith(PgExtension.class)
class ApplicationStatementsAcrossTheSwap {
    static TestDb db;

    @BeforeEach
    void fresh(TestDb d) {
        db = d;
        db.exec("DROP SCHEMA IF EXISTS uuidswap CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public;"
                + " DROP CAST IF EXISTS (varchar AS uuid); DROP CAST IF EXISTS (text AS uuid)");
        db.loadSample(300);
        assertEquals(0, db.cli("run", "--no-swap").code());
    }

    private static String user() {
        return db.value("SELECT id::text FROM users ORDER BY id LIMIT 1");
    }

    /** Ten rounds before (statements get server-prepared), the swap, ten rounds after. */
    private static AppClient across(String params, String... swapArgs) throws Exception {
        AppClient app = new AppClient(db, params);
        String u = user();
        for (int i = 0; i < 10; i++) {
            app.round(u);
        }
        assertEquals(List.of(), app.errors, "before the swap");
        var swap = db.cli(swapArgs);
        assertEquals(0, swap.code(), swap::toString);
        for (int i = 0; i < 10; i++) {
            app.round(u);
        }
        return app;
    }

    @Test
    void defaultClientFailsAsThePlanPredicts() throws Exception {
        String plan = db.cli("plan", "--format", "json").out();
        try (AppClient app = across("", "swap")) {
            assertEquals(10, app.errors.size(), app.errors::toString);
            assertTrue(app.errors.get(0).contains("operator does not exist: uuid = character varying"), app.errors.get(0));
            assertTrue(plan.contains("operator does not exist: uuid = character varying"), "the plan named this risk");
        }
    }

    @Test
    void compatCastGivesZeroErrorsAndKeepsTheIndex() throws Exception {
        try (AppClient app = across("", "swap", "--compat-cast")) {
            assertEquals(List.of(), app.errors);
            assertEquals(20, app.ok);
        }
        // A key bound as varchar, as setString sends it, still finds the row through the uuid primary key.
        StringBuilder plan = new StringBuilder();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("SET enable_seqscan = off");
            st.execute("PREPARE p(varchar) AS SELECT display_name FROM users WHERE id = $1");
            try (ResultSet rs = st.executeQuery("EXPLAIN EXECUTE p('" + user() + "')")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        assertTrue(plan.toString().contains("Index Scan using users_pkey") || plan.toString().contains("Index Only Scan using users_pkey"),
                plan::toString);
        var status = db.cli("status");
        assertTrue(status.out().contains("present / present (created by uuidswap: [varchar, text])"), status.out());
        assertEquals(0, db.cli("swap-back").code());
        assertEquals(2, db.count("SELECT count(*) FROM pg_cast WHERE casttarget = 'uuid'::regtype"
                + " AND castsource IN ('varchar'::regtype, 'text'::regtype)"),
                "swap-back leaves the casts");
        assertEquals(0, db.cli("verify").code());
        assertEquals(0, db.cli("swap").code());
        assertEquals(0, db.cli("finalize", "--confirm", "--drop-compat-cast").code());
        assertEquals(0, db.count("SELECT count(*) FROM pg_cast WHERE casttarget = 'uuid'::regtype"
                + " AND castsource IN ('varchar'::regtype, 'text'::regtype)"));
    }

    /**
     * stringtype=unspecified without a cast: zero errors when statements are not server-prepared
     * before the swap (prepareThreshold=0, or connections opened after it), across swap and swap-back.
     */
    @Test
    void stringtypeUnspecifiedWithoutServerPreparedStatements() throws Exception {
        try (AppClient app = across("stringtype=unspecified&prepareThreshold=0", "swap")) {
            assertEquals(List.of(), app.errors);
            assertEquals(0, db.cli("swap-back").code());
            for (int i = 0; i < 10; i++) {
                app.round(user());
            }
            assertEquals(List.of(), app.errors, "across swap-back");
            assertEquals(30, app.ok);
        }
    }

    /**
     * The usual advice does not hold for a long-lived connection: pgjdbc server-prepares a
     * statement after five uses with the parameter types of that moment, so after the swap it fails
     * until the connection is replaced. A connection opened after the swap works.
     */
    @Test
    void stringtypeUnspecifiedStatementsPreparedBeforeTheSwapFailUntilReconnect() throws Exception {
        try (AppClient app = across("stringtype=unspecified", "swap")) {
            assertEquals(10, app.errors.size(), app.errors::toString);
            assertTrue(app.errors.get(0).startsWith("42883"), app.errors.get(0));
        }
        try (AppClient fresh = new AppClient(db, "stringtype=unspecified")) {
            for (int i = 0; i < 10; i++) {
                fresh.round(user());
            }
            assertEquals(List.of(), fresh.errors, "a connection opened after the swap");
        }
    }

    @Test
    void nonSuperuserCompatCastIsRefusedBeforeAnythingChanges() {
        db.exec("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'uuidswap_app') THEN"
                + " CREATE ROLE uuidswap_app LOGIN; END IF; END $$;"
                + " GRANT ALL ON SCHEMA public, uuidswap TO uuidswap_app; GRANT ALL ON ALL TABLES IN SCHEMA public, uuidswap TO uuidswap_app");
        try {
            String before = db.catalogFingerprint();
            var r = db.cli("swap", "--compat-cast", "--user", "uuidswap_app");
            assertEquals(3, r.code(), r::toString);
            assertTrue(r.err().contains("superuser"), r.err());
            assertFalse(r.err().contains("\tat "));
            assertEquals(before, db.catalogFingerprint(), "nothing renamed");
        } finally {
            db.exec("DROP OWNED BY uuidswap_app; DROP ROLE uuidswap_app"); // roles are cluster-wide: leave none behind
        }
    }
}
