package dev.uuidswap.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uuidswap.catalog.Finding;
import dev.uuidswap.plan.Plan;
import dev.uuidswap.verify.VerifyResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/**
 * Report snapshots: a fixed plan and a fixed failed verify rendered as text, markdown and HTML must
 * match the files under src/test/resources/snapshots (regenerate with -Dsnapshots.update=true and
 * review the diff); the HTML parses as XML and the JSON parses back.
 */
class ReportsRenderTheSameContentInEveryFormat {
    static final Path DIR = Path.of("src/test/resources/snapshots");

    static Plan plan() {
        return new Plan("public.users", "id", "shop", "PostgreSQL 15.20", false, true,
                List.of(new Plan.TablePlan("public.users", "parent", 1000, 180224, 139264,
                        List.of(new Plan.ColumnPlan("id", "character varying(36)", "uuid", true, 0L, 2L, 0L, null),
                                new Plan.ColumnPlan("email", "text", "text", false, null, null, null, null)), List.of()),
                        new Plan.TablePlan("public.orders", "child", 3000, 409600, 360448,
                                List.of(new Plan.ColumnPlan("user_id", "character varying(36)", "uuid", true, 12L, 0L, 0L, null)),
                                List.of("[user_id]"))),
                List.of(new Finding(Finding.Severity.BLOCKER, "invalid-uuid", "public.users.id",
                        "2 value(s) are not UUIDs (keys of the rows shown)", List.of("not-a-uuid", "x<y>&z")),
                        Finding.warning("publication", "public.orders", "a <warning>")),
                List.of(new Plan.Dependent("view", "public.user_orders", "dropped and recreated on the new tables inside the swap")),
                new Plan.Estimates(4000, 589824, 499712,
                        List.of(new Plan.Disk("pg_default", "/var/lib/postgresql/15/main", 999424, 10_000_000_000L)),
                        250000.0, 0.04, 0.012),
                List.of(new Plan.AppRisk("public.users.id", "statements that bind varchar fail", List.of("cast", "bind uuid"))),
                new Plan.Ddl(List.of("CREATE TABLE \"public\".\"users_new\" (LIKE \"public\".\"users\" INCLUDING ALL EXCLUDING INDEXES)"),
                        List.of("CREATE INDEX \"orders_user_id_idx\" ON \"public\".\"orders_new\" (\"user_id\")"),
                        List.of("ALTER TABLE \"public\".\"users\" RENAME TO \"users_old\"")));
    }

    static VerifyResult verify() {
        return new VerifyResult("public.users", false, List.of(
                new VerifyResult.TableResult("public.users", "public.users_new", 1000, 999, "123", "456", 180224, 139264, 16, 1, 0,
                        0, List.of(new VerifyResult.KeyDiff("(0e5d2a4c-6a4f-4b49-8f3c-3f1a2b3c4d5e)", "missing")))));
    }

    private static void check(String name, String actual) throws Exception {
        Path f = DIR.resolve(name);
        if (Boolean.getBoolean("snapshots.update")) {
            Files.writeString(f, actual);
        }
        assertTrue(Files.exists(f), "missing snapshot " + f + " (run with -Dsnapshots.update=true)");
        assertEquals(Files.readString(f), actual, name);
    }

    @Test
    void planAndVerifySnapshots() throws Exception {
        Doc p = PlanReport.of(plan());
        Doc v = VerifyReport.of(verify());
        check("plan.txt", Renderer.text(p));
        check("plan.md", Renderer.markdown(p));
        check("plan.html", Renderer.html(p));
        check("verify.txt", Renderer.text(v));
        check("verify.md", Renderer.markdown(v));
        check("verify.html", Renderer.html(v));
        for (String html : List.of(Renderer.html(p), Renderer.html(v))) {
            DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        }
        assertTrue(Renderer.html(p).contains("x&lt;y&gt;&amp;z"), "escaped");
        var json = new ObjectMapper().readTree(Renderer.json(plan()));
        assertEquals("invalid-uuid", json.get("findings").get(0).get("kind").asText());
        assertTrue(json.get("blocked").asBoolean());
    }
}
