package dev.uuidswap.edges;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What PostgreSQL would refuse for uuid is found by plan, before anything is written: a generated
 * column computed from a converted column (stored, and virtual on 18), a check and an index
 * expression that pass a converted column to a function written for varchar. (Built-in text
 * functions are no such case: PostgreSQL stores them with an explicit ::text cast, which uuid has.) An index with varchar_pattern_ops on a converted
 * column is built with uuid's default operator class, said as a warning, and goes through. A
 * trigger whose function uses NEW.id as text is an application risk; a FOR ALL TABLES publication
 * publishes the set, a blocker. prepare refuses the same, changing nothing.
 */
@ExtendWith(PgExtension.class)
class PlanFindsWhatPrepareWouldRefuse {
    static TestDb db;

    @BeforeAll
    static void init(TestDb d) {
        db = d;
    }

    private List<JsonNode> findings(String severity, String sql, String table) throws Exception {
        db.exec("DROP SCHEMA IF EXISTS f CASCADE; CREATE SCHEMA f;" + sql);
        String before = db.catalogFingerprint();
        var r = db.cli("plan", "--table", table, "--format", "json");
        assertEquals(before, db.catalogFingerprint(), "plan changed nothing");
        List<JsonNode> out = new ArrayList<>();
        new ObjectMapper().readTree(r.out()).get("findings").forEach(f -> {
            if (f.get("severity").asText().equals(severity)) {
                out.add(f);
            }
        });
        if (severity.equals("BLOCKER")) {
            assertEquals(3, r.code(), r::toString);
            var p = db.cli("prepare", "--table", table);
            assertEquals(3, p.code(), p::toString);
            assertEquals(before, db.catalogFingerprint(), "prepare changed nothing");
        }
        return out;
    }

    @Test
    void generatedColumnsChecksAndExpressionIndexesOnAConvertedColumn() throws Exception {
        boolean eighteen = db.count("SELECT current_setting('server_version_num')::int") >= 180000;
        var b = findings("BLOCKER", """
                CREATE TABLE f.p (id varchar(36) PRIMARY KEY, up text GENERATED ALWAYS AS (upper(id)) STORED
                  %s);
                CREATE FUNCTION f.short(varchar) RETURNS text IMMUTABLE LANGUAGE sql AS 'SELECT left($1, 8)';
                CREATE TABLE f.c (id int PRIMARY KEY, p_id varchar(36) REFERENCES f.p CHECK (f.short(p_id) <> ''));
                CREATE TABLE f.d (id int PRIMARY KEY, p_id varchar(36) REFERENCES f.p);
                CREATE INDEX d_short ON f.d (f.short(p_id));
                """.formatted(eighteen ? ", v text GENERATED ALWAYS AS (lower(id)) VIRTUAL" : ""), "f.p");
        String all = b.toString();
        assertTrue(all.contains("\"kind\":\"generated\",\"object\":\"f.p.up\""), all);
        if (eighteen) {
            assertTrue(all.contains("\"kind\":\"generated\",\"object\":\"f.p.v\""), all);
        }
        assertTrue(all.contains("\"kind\":\"ddl\",\"object\":\"f.c\"") && all.contains("f.short(uuid)"), all);
        assertTrue(all.contains("\"kind\":\"ddl\",\"object\":\"f.d\"") && all.contains("f.short(uuid)"), all);
    }

    @Test
    void patternOpsBecomeThePlainUuidIndexAndGoThrough() throws Exception {
        var w = findings("WARNING", """
                CREATE TABLE f.p (id varchar(36) PRIMARY KEY);
                CREATE INDEX p_like ON f.p (id varchar_pattern_ops);
                INSERT INTO f.p VALUES ('0e5d2a4c-6a4f-4b49-8f3c-3f1a2b3c4d5e');
                """, "f.p");
        assertTrue(w.toString().contains("\"kind\":\"operator-class\",\"object\":\"f.p p_like\""), w.toString());
        assertEquals(0, db.cli("run", "--table", "f.p").code());
        assertEquals("CREATE INDEX p_like ON f.p USING btree (id)", db.value("SELECT pg_get_indexdef('f.p_like'::regclass)"));
        assertEquals(0, db.cli("finalize", "--confirm", "--table", "f.p").code());
    }

    @Test
    void triggerFunctionsAndPublicationsOfAllTables() throws Exception {
        db.exec("DROP SCHEMA IF EXISTS f CASCADE; CREATE SCHEMA f;"
                + " CREATE TABLE f.p (id varchar(36) PRIMARY KEY, name text);"
                + " CREATE FUNCTION f.norm() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.id := lower(NEW.id); RETURN NEW; END$$;"
                + " CREATE TRIGGER norm BEFORE INSERT ON f.p FOR EACH ROW EXECUTE FUNCTION f.norm()");
        var plan = db.cli("plan", "--table", "f.p");
        assertEquals(0, plan.code(), plan::toString);
        assertTrue(plan.out().contains("f.p trigger norm") && plan.out().contains("function … (uuid) does not exist"), plan.out());
        db.exec("CREATE PUBLICATION uuidswap_all FOR ALL TABLES");
        try {
            var b = findings("BLOCKER", "CREATE TABLE f.q (id varchar(36) PRIMARY KEY);", "f.q");
            assertTrue(b.toString().contains("\"kind\":\"publication\",\"object\":\"f.q in uuidswap_all\""), b.toString());
        } finally {
            db.exec("DROP PUBLICATION uuidswap_all");
        }
        if (db.count("SELECT current_setting('server_version_num')::int") >= 150000) {
            try {
                var b = findings("BLOCKER", "CREATE TABLE f.q (id varchar(36) PRIMARY KEY);"
                        + " CREATE PUBLICATION uuidswap_schema FOR TABLES IN SCHEMA f;", "f.q");
                assertTrue(b.toString().contains("\"object\":\"f.q in uuidswap_schema\""), b.toString());
            } finally {
                db.exec("DROP PUBLICATION IF EXISTS uuidswap_schema");
            }
        }
    }
}
