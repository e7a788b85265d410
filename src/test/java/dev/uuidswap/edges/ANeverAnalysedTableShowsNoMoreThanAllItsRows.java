package dev.uuidswap.edges;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A table that was never analysed has no row estimate (reltuples -1): copy's progress and status
 * count what was copied as the least there is, never "1,000/1 rows" nor more than 100 %.
 */
@ExtendWith(PgExtension.class)
class ANeverAnalysedTableShowsNoMoreThanAllItsRows {
    static TestDb db;
    private static final Pattern LINE = Pattern.compile("(\\d+\\.\\d)% ([\\d,]+)/([\\d,]+) rows");

    @BeforeAll
    static void init(TestDb d) {
        db = d;
        db.exec("CREATE SCHEMA fresh; CREATE TABLE fresh.p (id varchar(36) PRIMARY KEY, v text) WITH (autovacuum_enabled = off);"
                + " CREATE TABLE fresh.c (id int PRIMARY KEY, p_id varchar(36) REFERENCES fresh.p) WITH (autovacuum_enabled = off);"
                + " INSERT INTO fresh.p SELECT gen_random_uuid()::text, repeat('x', 200) FROM generate_series(1, 30000);"
                + " INSERT INTO fresh.c SELECT g, (SELECT id FROM fresh.p ORDER BY id OFFSET g % 100 LIMIT 1) FROM generate_series(1, 500) g");
    }

    @Test
    void copyAndStatusCountWhatWasCopied() throws Exception {
        assertTrue(db.count("SELECT count(*) FROM pg_class WHERE oid = 'fresh.p'::regclass AND reltuples <= 0") == 1,
                "the table has no row estimate");
        assertEquals(0, db.cli("prepare", "--table", "fresh.p").code());
        var copy = db.cli("copy", "--table", "fresh.p", "--batch-size", "1000");
        assertEquals(0, copy.code(), copy::toString);
        Matcher m = LINE.matcher(copy.err());
        int lines = 0;
        while (m.find()) {
            lines++;
            assertTrue(Double.parseDouble(m.group(1)) <= 100.0, m.group());
            assertTrue(Long.parseLong(m.group(2).replace(",", "")) <= Long.parseLong(m.group(3).replace(",", "")), m.group());
        }
        assertTrue(lines >= 2, copy.err());
        assertTrue(copy.err().contains("30,000/30,000 rows"), copy.err());
        JsonNode tables = new ObjectMapper().readTree(db.cli("status", "--table", "fresh.p", "--format", "json").out())
                .get("tables");
        for (JsonNode t : tables) {
            assertTrue(t.get("rowsEstimated").asLong() >= t.get("rowsCopied").asLong(), t.toString());
        }
        assertEquals(0, db.cli("abort", "--table", "fresh.p").code());
    }
}
