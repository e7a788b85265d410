package dev.uuidswap.cutover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Statements PostgreSQL accepts on plain tables, which write a child before its parent within one
 * statement or transaction, are accepted after the swap too, while the reverse triggers mirror
 * them row by row into the old tables: a self-reference inserted child first, a CTE that inserts
 * the child first, deletes of child and parent in one statement under NO ACTION and RESTRICT, a
 * deferred constraint, a multi-row UPDATE … FROM, MERGE (15+), INSERT … ON CONFLICT DO UPDATE,
 * TRUNCATE … CASCADE. After each, the old tables hold the same rows and every one of their keys
 * holds; the same again after a swap-back (on the string tables) and a second swap.
 */
@ExtendWith(PgExtension.class)
class StatementsAcceptedLiveAreAcceptedAfterTheSwap {
    static TestDb db;
    static final List<String> TABLES = List.of("p", "kids", "notes", "strict", "late");

    @BeforeAll
    static void schema(TestDb d) {
        db = d;
        db.exec("""
                CREATE SCHEMA s;
                CREATE TABLE s.p (id varchar(36) PRIMARY KEY, name text, invited_by varchar(36) REFERENCES s.p (id));
                CREATE TABLE s.kids (id serial PRIMARY KEY, p_id varchar(36) NOT NULL REFERENCES s.p ON DELETE CASCADE ON UPDATE CASCADE,
                                     tag text, UNIQUE (p_id, tag));
                CREATE TABLE s.notes (id serial PRIMARY KEY, p_id varchar(36) REFERENCES s.p);
                CREATE TABLE s.strict (id serial PRIMARY KEY, p_id varchar(36) REFERENCES s.p ON DELETE RESTRICT);
                CREATE TABLE s.late (id serial PRIMARY KEY, p_id varchar(36) REFERENCES s.p DEFERRABLE INITIALLY DEFERRED);
                INSERT INTO s.p SELECT md5('p' || g)::uuid::text, 'p' || g, NULL FROM generate_series(1, 50) g;
                INSERT INTO s.kids (p_id, tag) SELECT md5('p' || (g % 50 + 1))::uuid::text, 't' || g FROM generate_series(1, 100) g;
                """);
    }

    static String key(int n) {
        return String.format("00000000-0000-4000-8000-%012d", n);
    }

    static String pk(int n) {
        return db.value("SELECT md5('p" + n + "')::uuid::text");
    }

    /** One statement or transaction per entry, as the application sends it. */
    static List<String> statements(int base) {
        List<String> s = new ArrayList<>();
        s.add("INSERT INTO s.p (id, name, invited_by) VALUES ('" + key(base + 2) + "', 'child', '" + key(base + 1) + "'), ('"
                + key(base + 1) + "', 'parent', NULL)");
        s.add("WITH o AS (INSERT INTO s.notes (p_id) VALUES ('" + key(base + 3) + "') RETURNING p_id)"
                + " INSERT INTO s.p (id, name) SELECT p_id, 'n' FROM o");
        s.add("WITH d AS (DELETE FROM s.notes WHERE p_id = '" + key(base + 3) + "') DELETE FROM s.p WHERE id = '" + key(base + 3) + "'");
        s.add("INSERT INTO s.p (id, name) VALUES ('" + key(base + 4) + "', 'r'); INSERT INTO s.strict (p_id) VALUES ('" + key(base + 4) + "')");
        s.add("WITH d AS (DELETE FROM s.strict WHERE p_id = '" + key(base + 4) + "') DELETE FROM s.p WHERE id = '" + key(base + 4) + "'");
        s.add("BEGIN; INSERT INTO s.late (p_id) VALUES ('" + key(base + 5) + "'); INSERT INTO s.p (id, name) VALUES ('"
                + key(base + 5) + "', 'later'); COMMIT");
        // Keys taken from the table, so the statements read the same against varchar and uuid.
        s.add("UPDATE s.kids k SET p_id = m.to_id FROM (SELECT a.id AS from_id, b.id AS to_id FROM s.p a JOIN s.p b"
                + " ON (a.id::text, b.id::text) IN (('" + pk(1) + "', '" + key(base + 1) + "'), ('" + pk(2) + "', '"
                + key(base + 2) + "'))) m WHERE k.p_id = m.from_id");
        if (db.count("SELECT current_setting('server_version_num')::int") >= 150000) {
            s.add("MERGE INTO s.kids k USING (SELECT id AS p_id, 'm' || name AS tag FROM s.p WHERE id::text IN ('" + key(base + 1)
                    + "', '" + key(base + 5) + "')) v ON k.p_id = v.p_id AND k.tag = v.tag WHEN MATCHED THEN UPDATE SET"
                    + " tag = v.tag || '!' WHEN NOT MATCHED THEN INSERT (p_id, tag) VALUES (v.p_id, v.tag)");
        }
        s.add("INSERT INTO s.p (id, name) VALUES ('" + key(base + 1) + "', 'upserted'), ('" + key(base + 6) + "', 'new')"
                + " ON CONFLICT (id) DO UPDATE SET name = excluded.name");
        s.add("UPDATE s.p SET id = '" + key(base + 7) + "' WHERE id = '" + key(base + 6) + "'");
        return s;
    }

    static void apply(List<String> statements) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    /** Live and old (or live and shadow) hold the same rows, and every foreign key of the other side holds. */
    static void sameAndValid(String suffix) {
        for (String t : TABLES) {
            assertEquals(0, db.differences("s", t, t + suffix), t + " vs " + t + suffix);
        }
        assertEquals(0, db.count("SELECT count(*) FROM s.kids" + suffix + " k WHERE NOT EXISTS (SELECT 1 FROM s.p" + suffix
                + " p WHERE p.id = k.p_id)"));
        assertEquals(0, db.count("SELECT count(*) FROM s.p" + suffix + " k WHERE k.invited_by IS NOT NULL AND NOT EXISTS"
                + " (SELECT 1 FROM s.p" + suffix + " p WHERE p.id = k.invited_by)"));
        for (String t : List.of("notes", "strict", "late")) {
            assertEquals(0, db.count("SELECT count(*) FROM s." + t + suffix + " k WHERE k.p_id IS NOT NULL AND NOT EXISTS"
                    + " (SELECT 1 FROM s.p" + suffix + " p WHERE p.id = k.p_id)"), t);
        }
    }

    @Test
    void childBeforeParentStatementsWorkBothWays() throws Exception {
        assertEquals(0, db.cli("run", "--table", "s.p").code());
        apply(statements(100));
        sameAndValid("_old");
        apply(List.of("TRUNCATE s.p CASCADE", "INSERT INTO s.p (id, name) VALUES ('" + key(1) + "', 'after truncate')"));
        sameAndValid("_old");

        var back = db.cli("swap-back", "--table", "s.p");
        assertEquals(0, back.code(), back::toString);
        assertEquals(0, db.count("SELECT count(*) FROM pg_constraint WHERE conrelid::regclass::text LIKE 's.%' AND contype = 'f'"
                + " AND (condeferrable AND NOT conname = 'late_p_id_fkey')"), "the string tables' keys are as declared again");
        apply(statements(200));
        assertEquals(0, db.cli("verify", "--table", "s.p").code());
        assertEquals(0, db.cli("swap", "--table", "s.p").code());
        apply(statements(300));
        sameAndValid("_old");
    }
}
