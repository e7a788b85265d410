package dev.uuidswap.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** Each blocker gives exit 3 with the table, column and example keys; nothing changes. */
@ExtendWith(PgExtension.class)
class PlanBlocksWhatTheConversionCannotTake {
    static TestDb db;

    @BeforeAll
    static void init(TestDb d) {
        db = d;
    }

    private List<JsonNode> blockers(String schemaSql, String... planArgs) throws Exception {
        db.exec("DROP SCHEMA IF EXISTS b CASCADE; CREATE SCHEMA b;" + schemaSql);
        String before = db.catalogFingerprint();
        List<String> args = new ArrayList<>(List.of("plan", "--format", "json"));
        args.addAll(List.of(planArgs));
        var r = db.cli(args.toArray(String[]::new));
        assertEquals(before, db.catalogFingerprint(), "plan changed the catalog");
        assertEquals(3, r.code(), r::toString);
        List<JsonNode> out = new ArrayList<>();
        new ObjectMapper().readTree(r.out()).get("findings").forEach(f -> {
            if (f.get("severity").asText().equals("BLOCKER")) {
                out.add(f);
            }
        });
        return out;
    }

    /** The INFO findings of the last plan of schema b. */
    private List<JsonNode> notes() throws Exception {
        var r = db.cli("plan", "--format", "json", "--table", "b.p");
        List<JsonNode> out = new ArrayList<>();
        new ObjectMapper().readTree(r.out()).get("findings").forEach(f -> {
            if (f.get("severity").asText().equals("INFO")) {
                out.add(f);
            }
        });
        return out;
    }

    private static JsonNode only(List<JsonNode> b, String kind) {
        List<JsonNode> k = b.stream().filter(x -> x.get("kind").asText().equals(kind)).toList();
        assertEquals(1, k.size(), () -> "expected one " + kind + " in " + b);
        return k.get(0);
    }

    @Test
    void invalidUuidStringsAreNamedWithTheirKeys() throws Exception {
        var b = blockers("""
                CREATE TABLE b.p (id varchar(36) PRIMARY KEY);
                CREATE TABLE b.c (id int PRIMARY KEY, p_id varchar(36) REFERENCES b.p);
                INSERT INTO b.p VALUES ('not-a-uuid'), ('0e5d2a4c-6a4f-4b49-8f3c-3f1a2b3c4d5e');
                INSERT INTO b.p SELECT 'bad' || g FROM generate_series(1, 15) g;
                """, "--table", "b.p");
        JsonNode f = b.stream().filter(x -> x.get("object").asText().equals("b.p.id")).findFirst().orElseThrow();
        assertEquals("invalid-uuid", f.get("kind").asText());
        assertTrue(f.get("message").asText().startsWith("16 value(s)"), f.toString());
        assertEquals(10, f.get("examples").size(), "at most 10 examples");
    }

    @Test
    void skippedDataChecksAreSaidAndPrepareStillRefusesTheBadValue() throws Exception {
        db.exec("""
                DROP SCHEMA IF EXISTS b CASCADE; CREATE SCHEMA b;
                CREATE TABLE b.p (id varchar(36) PRIMARY KEY);
                CREATE TABLE b.c (id int PRIMARY KEY, p_id varchar(36) REFERENCES b.p);
                INSERT INTO b.p VALUES ('not-a-uuid'), ('0e5d2a4c-6a4f-4b49-8f3c-3f1a2b3c4d5e');
                """);
        String before = db.catalogFingerprint();
        var quick = db.cli("plan", "--format", "json", "--table", "b.p", "--no-data-checks");
        assertEquals(0, quick.code(), "without the data checks nothing blocks: " + quick);
        JsonNode plan = new ObjectMapper().readTree(quick.out());
        List<String> kinds = new ArrayList<>();
        plan.get("findings").forEach(f -> kinds.add(f.get("kind").asText()));
        assertTrue(kinds.contains("data-not-checked"), kinds::toString);
        assertFalse(kinds.contains("invalid-uuid"), kinds::toString);
        var text = db.cli("plan", "--table", "b.p", "--no-data-checks");
        assertTrue(text.out().contains("Data not checked (--no-data-checks)"), text.out());

        var prep = db.cli("prepare", "--table", "b.p");
        assertEquals(3, prep.code(), prep::toString);
        assertTrue(prep.err().contains("not-a-uuid"), "prepare names the value: " + prep.err());
        assertEquals(before, db.catalogFingerprint(), "neither plan nor the refused prepare changed anything");
    }

    @Test
    void caseVariantDuplicatesCollide() throws Exception {
        var b = blockers("""
                CREATE TABLE b.p (id text PRIMARY KEY);
                INSERT INTO b.p VALUES ('0e5d2a4c-6a4f-4b49-8f3c-3f1a2b3c4d5e'), ('0E5D2A4C-6A4F-4B49-8F3C-3F1A2B3C4D5E'),
                                       ('{0e5d2a4c-6a4f-4b49-8f3c-3f1a2b3c4d5e}');
                """, "--table", "b.p");
        JsonNode f = only(b, "case-duplicate");
        assertEquals(3, f.get("examples").size(), f.toString());
        assertTrue(b.stream().noneMatch(x -> x.get("kind").asText().equals("non-canonical")), "other spellings are no blocker");
        JsonNode nc = notes().stream().filter(x -> x.get("kind").asText().equals("non-canonical")).findFirst().orElseThrow();
        assertTrue(nc.get("message").asText().startsWith("2 value(s)"), nc.toString());
        assertTrue(nc.get("examples").toString().contains("0E5D2A4C-6A4F-4B49-8F3C-3F1A2B3C4D5E"), nc.toString());
    }

    @Test
    void aChildKeyCollidesWhereItsParentDoesAndOnlyThere() throws Exception {
        String upper = "0E5D2A4C-6A4F-4B49-8F3C-3F1A2B3C4D5E";
        String schema = """
                CREATE TABLE b.p (id varchar(40) PRIMARY KEY);
                CREATE TABLE b.c (id int PRIMARY KEY, p_id varchar(40) REFERENCES b.p, name text, UNIQUE (p_id, name));
                CREATE TABLE b.d (id int PRIMARY KEY, p_id varchar(40) REFERENCES b.p, name text, UNIQUE (p_id, name));
                INSERT INTO b.p VALUES ('0e5d2a4c-6a4f-4b49-8f3c-3f1a2b3c4d5e'), ('%s'),
                                       ('9a5d2a4c-6a4f-4b49-8f3c-3f1a2b3c4d5e');
                INSERT INTO b.c VALUES (1, '0e5d2a4c-6a4f-4b49-8f3c-3f1a2b3c4d5e', 'x'), (2, '%s', 'x'), (3, '%s', 'y');
                INSERT INTO b.d VALUES (1, '%s', 'x'), (2, '9a5d2a4c-6a4f-4b49-8f3c-3f1a2b3c4d5e', 'x');
                """.formatted(upper, upper, upper, upper);
        var b = blockers(schema, "--table", "b.p");
        List<String> where = b.stream().filter(x -> x.get("kind").asText().equals("case-duplicate"))
                .map(x -> x.get("object").asText()).sorted().toList();
        assertEquals(2, where.size(), "the parent's key and the child rows that repeat both spellings: " + b);
        assertTrue(where.get(0).startsWith("b.c.") && where.get(1).startsWith("b.p."), where::toString);

        // Without the parent's collision no child can collide: its values are the parent's, each a different uuid.
        db.exec("DELETE FROM b.c WHERE id = 1; DELETE FROM b.p WHERE id = '0e5d2a4c-6a4f-4b49-8f3c-3f1a2b3c4d5e'");
        var r = db.cli("plan", "--format", "json", "--table", "b.p");
        assertEquals(0, r.code(), r::toString);
        JsonNode d = column(r.out(), "b.d", "p_id");
        assertEquals("b.p.id", d.get("trustedTo").asText(), "the child's spellings are its parent's, not read: " + d);
        assertTrue(d.get("nonCanonical").isNull(), d::toString);
    }

    private static JsonNode column(String planJson, String table, String column) throws Exception {
        for (JsonNode t : new ObjectMapper().readTree(planJson).get("tables")) {
            for (JsonNode c : t.get("columns")) {
                if (t.get("table").asText().equals(table) && c.get("column").asText().equals(column)) {
                    return c;
                }
            }
        }
        throw new AssertionError(table + "." + column + " not in " + planJson);
    }

    /**
     * A foreign key bypassed (replication role, a restore without triggers) still says validated:
     * the checks trust it by default (copy stops on what it hides, AValueBehindABypassedKeyStopsTheCopyByName);
     * --recheck-foreign-keys reads the child itself and finds the collision.
     */
    @Test
    void aCollisionBehindABypassedForeignKeyIsFound() throws Exception {
        var b = blockers("""
                CREATE TABLE b.p (id varchar(36) PRIMARY KEY);
                CREATE TABLE b.c (id int PRIMARY KEY, p_id varchar(36) UNIQUE REFERENCES b.p);
                INSERT INTO b.p VALUES ('AAAAAAAA-0000-0000-0000-000000000001'), ('bbbbbbbb-0000-0000-0000-000000000002');
                ALTER TABLE b.c DISABLE TRIGGER ALL;
                INSERT INTO b.c VALUES (1, 'AAAAAAAA-0000-0000-0000-000000000001'), (2, 'aaaaaaaa-0000-0000-0000-000000000001');
                ALTER TABLE b.c ENABLE TRIGGER ALL;
                """, "--table", "b.p", "--recheck-foreign-keys");
        JsonNode f = only(b, "case-duplicate");
        assertTrue(f.get("object").asText().startsWith("b.c."), f.toString());
        assertEquals(2, f.get("examples").size(), f.toString());
    }

    /**
     * With --recheck-foreign-keys a child column is read as if it had no validated key: a value
     * behind a bypassed key that is not a UUID is found and named, the child's other spellings are
     * counted by its own values, and a row whose key is not in the parent is an orphan.
     */
    @Test
    void aValueThatIsNotAUuidBehindABypassedForeignKeyIsFound() throws Exception {
        var b = blockers("""
                CREATE TABLE b.p (id varchar(36) PRIMARY KEY);
                CREATE TABLE b.c (id int PRIMARY KEY, p_id varchar(36) REFERENCES b.p);
                INSERT INTO b.p VALUES ('AAAAAAAA-0000-0000-0000-000000000001'), ('bbbbbbbb-0000-0000-0000-000000000002');
                INSERT INTO b.c VALUES (1, 'AAAAAAAA-0000-0000-0000-000000000001'), (2, 'bbbbbbbb-0000-0000-0000-000000000002');
                ALTER TABLE b.c DISABLE TRIGGER ALL;
                INSERT INTO b.c VALUES (3, 'not-a-uuid'), (4, 'CCCCCCCC-0000-0000-0000-000000000003');
                ALTER TABLE b.c ENABLE TRIGGER ALL;
                """, "--table", "b.p", "--recheck-foreign-keys");
        JsonNode f = only(b, "invalid-uuid");
        assertEquals("b.c.p_id", f.get("object").asText(), f.toString());
        assertEquals(List.of("3"), List.of(f.get("examples").get(0).asText()), f.toString());
        var trusting = db.cli("plan", "--format", "json", "--table", "b.p");
        assertEquals(0, trusting.code(), "by default the validated key is trusted: " + trusting);
        assertEquals("b.p.id", column(trusting.out(), "b.c", "p_id").get("trustedTo").asText());

        db.exec("DELETE FROM b.c WHERE id = 3");
        var r = db.cli("plan", "--format", "json", "--table", "b.p", "--recheck-foreign-keys");
        assertEquals(3, r.code(), r::toString);
        List<JsonNode> findings = new ArrayList<>();
        new ObjectMapper().readTree(r.out()).get("findings").forEach(findings::add);
        JsonNode orphans = only(findings, "orphans");
        assertTrue(orphans.get("message").asText().startsWith("1 row(s)"), orphans.toString());
        assertTrue(findings.stream().anyMatch(x -> x.get("object").asText().equals("b.c.p_id")
                && x.get("message").asText().startsWith("2 value(s)")), "its own other spellings, not its parent's: " + findings);
    }

    /** char(n) compares without trailing spaces: its validated key does not make a varchar child's bytes its own. */
    @Test
    void aCharParentDoesNotVouchForItsVarcharChild() throws Exception {
        var b = blockers("""
                CREATE TABLE b.p (id char(40) PRIMARY KEY);
                CREATE TABLE b.c (id int PRIMARY KEY, p_id varchar(40) REFERENCES b.p);
                INSERT INTO b.p VALUES ('aaaaaaaa-0000-4000-8000-000000000001'), ('aaaaaaaa-0000-4000-8000-000000000002');
                INSERT INTO b.c VALUES (1, 'aaaaaaaa-0000-4000-8000-000000000001 '), (2, 'aaaaaaaa-0000-4000-8000-000000000002');
                """, "--table", "b.p");
        assertEquals("b.c.p_id", only(b, "invalid-uuid").get("object").asText());
    }

    /** A case-insensitive collation calls 'ABC…' and 'abc…' equal, which the change log and the way back must not. */
    @Test
    void aNondeterministicCollationIsABlockerNotACrash() throws Exception {
        var b = blockers("""
                CREATE COLLATION b.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
                CREATE TABLE b.p (id text COLLATE b.ci PRIMARY KEY);
                INSERT INTO b.p VALUES ('AAAAAAAA-0000-4000-8000-000000000001'), ('{bbbbbbbb-0000-4000-8000-000000000002}');
                """, "--table", "b.p");
        assertEquals("b.p.id", only(b, "collation").get("object").asText());
        JsonNode nc = notes().stream().filter(x -> x.get("kind").asText().equals("non-canonical")).findFirst().orElseThrow();
        assertTrue(nc.get("message").asText().startsWith("2 value(s)"), "upper case counted under the collation: " + nc);
    }

    /** A unique key over two converted columns of a table holding a value that is not a UUID: named, not a crash. */
    @Test
    void aValueThatIsNotAUuidBesideACandidateIsNamed() throws Exception {
        var b = blockers("""
                CREATE TABLE b.p (id varchar(36) PRIMARY KEY);
                CREATE TABLE b.c (id int PRIMARY KEY, a varchar(36) REFERENCES b.p, x varchar(36) REFERENCES b.p, UNIQUE (a, x));
                INSERT INTO b.p VALUES ('AAAAAAAA-0000-4000-8000-000000000001'), ('bbbbbbbb-0000-4000-8000-000000000002');
                INSERT INTO b.c VALUES (1, 'AAAAAAAA-0000-4000-8000-000000000001', 'bbbbbbbb-0000-4000-8000-000000000002');
                ALTER TABLE b.c DISABLE TRIGGER ALL;
                INSERT INTO b.c VALUES (2, 'AAAAAAAA-0000-4000-8000-000000000001', 'not-a-uuid');
                ALTER TABLE b.c ENABLE TRIGGER ALL;
                """, "--table", "b.p", "--recheck-foreign-keys");
        assertEquals("b.c.x", only(b, "invalid-uuid").get("object").asText());
    }

    /** Rows a unique index leaves out (outside its predicate, or NULL in another column) never collide; rows it holds do. */
    @Test
    void onlyRowsAUniqueIndexHoldsCollide() throws Exception {
        String schema = """
                CREATE TABLE b.p (id varchar(36) PRIMARY KEY);
                CREATE TABLE b.c (id int PRIMARY KEY, p_id varchar(36) NOT NULL REFERENCES b.p, slot text, active bool NOT NULL);
                CREATE UNIQUE INDEX c_pid_slot ON b.c (p_id, slot);
                CREATE UNIQUE INDEX c_pid_active ON b.c (p_id) WHERE active;
                INSERT INTO b.p VALUES ('AAAAAAAA-0000-4000-8000-000000000001');
                INSERT INTO b.c VALUES (1, 'AAAAAAAA-0000-4000-8000-000000000001', NULL, false),
                                       (2, 'AAAAAAAA-0000-4000-8000-000000000001', NULL, true);
                """;
        db.exec("DROP SCHEMA IF EXISTS b CASCADE; CREATE SCHEMA b;" + schema);
        var r = db.cli("plan", "--format", "json", "--table", "b.p");
        assertEquals(0, r.code(), r::toString);

        // A spelling its parent does not hold, behind a bypassed key, read with --recheck-foreign-keys:
        // the child's own spellings are its candidates.
        var b = blockers(schema + """
                ALTER TABLE b.c DISABLE TRIGGER ALL;
                INSERT INTO b.c VALUES (3, 'aaaaaaaa-0000-4000-8000-000000000001', NULL, true);
                ALTER TABLE b.c ENABLE TRIGGER ALL;
                """, "--table", "b.p", "--recheck-foreign-keys");
        assertEquals("b.c.c_pid_active", only(b, "case-duplicate").get("object").asText());
    }

    @Test
    void compositeParentKey() throws Exception {
        var b = blockers("CREATE TABLE b.p (a varchar(36), b varchar(36), PRIMARY KEY (a, b));", "--table", "b.p");
        assertTrue(only(b, "parent-key").get("message").asText().contains("not a single column"));
    }

    @Test
    void childWithoutPrimaryKey() throws Exception {
        var b = blockers("""
                CREATE TABLE b.p (id varchar(36) PRIMARY KEY);
                CREATE TABLE b.c (p_id varchar(36) REFERENCES b.p);
                """, "--table", "b.p");
        assertEquals("b.c", only(b, "no-primary-key").get("object").asText());
    }

    @Test
    void partitionedAndInheritedTables() throws Exception {
        var b = blockers("""
                CREATE TABLE b.p (id varchar(36) PRIMARY KEY);
                CREATE TABLE b.parted (id int, p_id varchar(36) REFERENCES b.p, PRIMARY KEY (id)) PARTITION BY RANGE (id);
                CREATE TABLE b.inh (id int PRIMARY KEY, p_id varchar(36) REFERENCES b.p);
                CREATE TABLE b.inh_child () INHERITS (b.inh);
                """, "--table", "b.p");
        assertEquals("b.parted", only(b, "partitioned").get("object").asText());
        assertEquals("b.inh", only(b, "inherited").get("object").asText());
    }

    @Test
    void takenNamesMaterializedViewsAndRules() throws Exception {
        var b = blockers("""
                CREATE TABLE b.p (id varchar(36) PRIMARY KEY, v int);
                CREATE TABLE b.p_new (x int);
                CREATE MATERIALIZED VIEW b.mv AS SELECT id FROM b.p;
                CREATE TABLE b.sink (v int);
                CREATE RULE r AS ON INSERT TO b.p DO ALSO INSERT INTO b.sink VALUES (NEW.v);
                """, "--table", "b.p");
        assertEquals("b.p_new", only(b, "name-taken").get("object").asText());
        assertEquals("b.mv", only(b, "materialized-view").get("object").asText());
        assertTrue(only(b, "rule").get("object").asText().contains("rule r"));
    }

    @Test
    void orphansBehindANotValidForeignKey() throws Exception {
        var b = blockers("""
                CREATE TABLE b.p (id varchar(36) PRIMARY KEY);
                CREATE TABLE b.c (id int PRIMARY KEY, p_id varchar(36));
                INSERT INTO b.c VALUES (1, '0e5d2a4c-6a4f-4b49-8f3c-3f1a2b3c4d5e');
                ALTER TABLE b.c ADD FOREIGN KEY (p_id) REFERENCES b.p NOT VALID;
                """, "--table", "b.p");
        JsonNode f = only(b, "orphans");
        assertEquals("0e5d2a4c-6a4f-4b49-8f3c-3f1a2b3c4d5e", f.get("examples").get(0).asText());
    }

    @Test
    void keyOfAnotherTypeIsBlockedAndUuidKeyIsNothingToDo() throws Exception {
        var b = blockers("CREATE TABLE b.p (id int PRIMARY KEY);", "--table", "b.p");
        only(b, "key-type");
        db.exec("DROP SCHEMA IF EXISTS b CASCADE; CREATE SCHEMA b; CREATE TABLE b.u (id uuid PRIMARY KEY);");
        var r = db.cli("plan", "--table", "b.u");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("nothing to do"), r.out());
    }
}
