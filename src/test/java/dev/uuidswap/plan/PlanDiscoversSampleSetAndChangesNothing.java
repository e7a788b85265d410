package dev.uuidswap.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgExtension.class)
class PlanDiscoversSampleSetAndChangesNothing {
    static TestDb db;

    @BeforeAll
    static void load(TestDb d) {
        db = d;
        db.loadSample(2000);
    }

    @Test
    void jsonPlanNamesEveryConvertedColumnAndTheMissingFkIndexes() throws Exception {
        String before = db.catalogFingerprint();
        String data = db.checksum("users") + db.checksum("journal_entries") + db.checksum("reminders");
        var r = db.cli("plan", "--format", "json");
        assertEquals(0, r.code(), r::toString);
        JsonNode plan = new ObjectMapper().readTree(r.out());
        assertEquals("public.users", plan.get("parent").asText());
        assertEquals("id", plan.get("key").asText());
        List<String> converted = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        for (JsonNode t : plan.get("tables")) {
            tables.add(t.get("table").asText());
            for (JsonNode c : t.get("columns")) {
                if (c.get("converted").asBoolean()) {
                    converted.add(t.get("table").asText() + "." + c.get("column").asText());
                    assertEquals("uuid", c.get("targetType").asText());
                    assertEquals("character varying(36)", c.get("currentType").asText());
                }
            }
        }
        assertEquals("public.users", tables.get(0), "the parent comes first");
        assertEquals(Set.of("public.users", "public.journal_entries", "public.reminders", "public.tags",
                "public.secret_tags"), Set.copyOf(tables));
        assertTrue(converted.containsAll(List.of("public.users.id", "public.journal_entries.user_id",
                "public.reminders.user_id", "public.tags.user_id", "public.secret_tags.user_id")), converted::toString);
        assertEquals(5, converted.size(), converted::toString);
        // reminders.journal_entry_id references journal_entries.id, which is not converted
        assertFalse(converted.contains("public.reminders.journal_entry_id"));
        assertEquals(2000, plan.get("tables").get(0).get("rows").asLong());
        String ddl = plan.get("ddl").toString();
        assertTrue(ddl.contains("CREATE INDEX \\\"journal_entries_user_id_idx\\\""), ddl);
        assertTrue(ddl.contains("CREATE INDEX \\\"reminders_user_id_idx\\\""), ddl);
        assertFalse(ddl.contains("tags_user_id_idx\\\" ON \\\"public\\\".\\\"tags_new"), "tags has (user_id, name) unique");
        assertTrue(plan.get("estimates").get("sampleRowsPerSecond").asDouble() > 0);
        assertTrue(plan.get("estimates").get("bytesAfter").asLong() < plan.get("estimates").get("bytesNow").asLong());
        assertFalse(plan.get("appCompatibility").isEmpty());
        assertEquals(before, db.catalogFingerprint(), "plan must not change the catalog");
        assertEquals(data, db.checksum("users") + db.checksum("journal_entries") + db.checksum("reminders"));
    }

    @Test
    void textMarkdownAndHtmlReportsCarryTheSameContent() throws Exception {
        var text = db.cli("plan");
        assertEquals(0, text.code(), text::toString);
        assertTrue(text.out().contains("No blockers"), text.out());
        assertTrue(text.out().contains("public.journal_entries.user_id"), text.out());

        var md = db.cli("plan", "--format", "markdown");
        assertTrue(md.out().startsWith("# uuidswap plan"), md.out());
        assertTrue(md.out().contains("| public.users.id | character varying(36) | uuid |"), md.out());
        assertTrue(md.out().contains("```sql"), md.out());

        Path f = Files.createTempFile("plan", ".html");
        var html = db.cli("plan", "--format", "html", "--output", f.toString());
        assertEquals(0, html.code(), html::toString);
        String page = Files.readString(f);
        Files.delete(f);
        assertFalse(page.contains("http://") || page.contains("https://"), "self-contained: no network references");
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8)));
        assertEquals("html", doc.getDocumentElement().getTagName());
        assertTrue(doc.getElementsByTagName("table").getLength() >= 4);
        assertTrue(page.contains("CREATE TABLE &quot;public&quot;.&quot;users_new&quot;"), page);
    }
}
