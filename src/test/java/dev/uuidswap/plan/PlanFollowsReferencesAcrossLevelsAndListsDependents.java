package dev.uuidswap.plan;

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

/** A three-level schema with odd identifiers, views, an outside table, a trigger, grants and sequences. */
@ExtendWith(PgExtension.class)
class PlanFollowsReferencesAcrossLevelsAndListsDependents {
    static TestDb db;

    @BeforeAll
    static void schema(TestDb d) {
        db = d;
        db.exec("""
                CREATE SCHEMA "Odd Schema";
                CREATE TABLE @U (
                    "Unit Id" varchar(36) PRIMARY KEY, code text UNIQUE NOT NULL, seq bigserial);
                CREATE TABLE "Odd Schema".teams (
                    id char(36) PRIMARY KEY,
                    unit varchar(36) NOT NULL REFERENCES @U("Unit Id") ON UPDATE CASCADE,
                    UNIQUE (id, unit));
                CREATE TABLE "Odd Schema".members (
                    n int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    team_id char(36), team_unit varchar(36),
                    FOREIGN KEY (team_id, team_unit) REFERENCES "Odd Schema".teams (id, unit));
                CREATE TABLE public.audit (id serial PRIMARY KEY, unit_code text REFERENCES @U(code));
                CREATE VIEW "Odd Schema".unit_view AS SELECT "Unit Id", code FROM @U;
                CREATE VIEW public.unit_view2 AS SELECT * FROM "Odd Schema".unit_view;
                CREATE FUNCTION public.noop() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
                CREATE TRIGGER touch BEFORE UPDATE ON "Odd Schema".teams FOR EACH ROW EXECUTE FUNCTION public.noop();
                GRANT SELECT ON @U TO PUBLIC;
                COMMENT ON TABLE "Odd Schema".teams IS 'it''s a team';
                INSERT INTO @U ("Unit Id", code) VALUES ('6f1c0a3e-1111-4a2b-9c3d-000000000001', 'A');
                INSERT INTO "Odd Schema".teams VALUES ('6f1c0a3e-2222-4a2b-9c3d-000000000001', '6f1c0a3e-1111-4a2b-9c3d-000000000001');
                INSERT INTO "Odd Schema".members (team_id, team_unit)
                  VALUES ('6f1c0a3e-2222-4a2b-9c3d-000000000001', '6f1c0a3e-1111-4a2b-9c3d-000000000001');
                """.replace("@U", "\"Odd Schema\".\"Org \"\"Units\"\"\""));
    }

    @Test
    void closureReachesTheThirdLevelThroughACompositeKey() throws Exception {
        var r = db.cli("plan", "--table", "\"Odd Schema\".\"Org \"\"Units\"\"\"", "--format", "json");
        assertEquals(0, r.code(), r::toString);
        JsonNode plan = new ObjectMapper().readTree(r.out());
        List<String> converted = new ArrayList<>();
        for (JsonNode t : plan.get("tables")) {
            for (JsonNode c : t.get("columns")) {
                if (c.get("converted").asBoolean()) {
                    converted.add(t.get("table").asText() + "." + c.get("column").asText());
                }
            }
        }
        assertEquals(List.of("\"Odd Schema\".\"Org \"\"Units\"\"\".Unit Id", "\"Odd Schema\".teams.unit",
                "\"Odd Schema\".members.team_unit"), converted);

        List<String> kinds = new ArrayList<>();
        plan.get("dependents").forEach(x -> kinds.add(x.get("kind").asText() + ": " + x.get("object").asText()));
        String all = String.join("\n", kinds);
        assertTrue(all.contains("view: \"Odd Schema\".unit_view"), all);
        assertTrue(all.contains("view: public.unit_view2"), all);
        assertTrue(all.contains("inbound foreign key: public.audit audit_unit_code_fkey"), all);
        assertTrue(all.contains("trigger: \"Odd Schema\".teams touch"), all);
        assertTrue(all.contains("grant: \"Odd Schema\".\"Org \"\"Units\"\"\" SELECT to PUBLIC"), all);
        assertTrue(all.contains("owned sequence: \"Odd Schema\".\"Org \"\"Units\"\"_seq_seq\""), all);
        assertTrue(all.contains("identity sequence: \"Odd Schema\".members_n_seq"), all);
        assertTrue(all.contains("comment: \"Odd Schema\".teams"), all);
        String ddl = plan.get("ddl").get("prepare").toString();
        assertTrue(ddl.contains("CREATE TABLE \\\"Odd Schema\\\".\\\"Org \\\"\\\"Units\\\"\\\"_new\\\""), ddl);
        assertTrue(ddl.contains("IS 'it''s a team'"), ddl);
    }

    @Test
    void alsoPullsInAnotherColumnAndItsReferences() throws Exception {
        db.exec("""
                CREATE TABLE public.docs (id varchar(36) PRIMARY KEY, owner_ref varchar(36) UNIQUE);
                CREATE TABLE public.doc_links (id int PRIMARY KEY, ref varchar(36) REFERENCES public.docs (owner_ref));
                """);
        var r = db.cli("plan", "--table", "docs", "--also", "public.docs.owner_ref", "--format", "json");
        assertEquals(0, r.code(), r::toString);
        String s = new ObjectMapper().readTree(r.out()).get("tables").toString();
        assertTrue(s.contains("\"table\":\"public.doc_links\""), s);
        var missing = db.cli("plan", "--table", "docs", "--also", "public.docs.nope");
        assertEquals(2, missing.code(), missing::toString);
        assertTrue(missing.err().contains("does not exist"), missing.err());
    }
}
