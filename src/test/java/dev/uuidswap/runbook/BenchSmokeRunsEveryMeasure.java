package dev.uuidswap.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Keeps the benchmark harness from rotting: a tiny run must produce every line. No time is asserted. */
@ExtendWith(PgExtension.class)
class BenchSmokeRunsEveryMeasure {
    static TestDb db;

    @BeforeAll
    static void init(TestDb d) {
        db = d;
    }

    @Test
    void tinyBenchWritesTheWholeTable() throws Exception {
        var r = db.cli("bench", "--users", "3000", "--url", db.server.url("postgres"));
        assertEquals(0, r.code(), r::toString);
        JsonNode lines = new ObjectMapper().readTree(Path.of("target", "bench", "bench.json").toFile());
        List<String> measures = new ArrayList<>();
        lines.forEach(l -> measures.add(l.get("measure").asText() + " @ " + l.get("size").asText()));
        String all = String.join("\n", measures);
        for (String m : List.of("bulk copy + indexes and keys vs one INSERT", "in-place ALTER", "verify vs count(*)",
                "swap lock hold vs hold at N/10", "swap-back lock hold", "application blocked", "write latency",
                "JVM peak heap during copy", "primary-key lookup over JDBC", "primary-key index probe", "users ⋈ journal_entries",
                "with --jobs 2", "into unlogged heaps", "casts alone", "write throughput", "plan's data checks",
                "longest single-row write during the swaps", "reverse triggers vs without")) {
            assertTrue(all.contains(m), m + " missing from\n" + all);
        }
        assertTrue(r.out().contains("| measure |"), r.out());
    }
}
