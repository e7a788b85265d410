package dev.uuidswap.cutover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two uuidswap processes started at the same moment on one migration: swap against swap-back, and
 * prepare against prepare. Each reads the phase only under the migration's lock, so whatever the
 * interleaving, the recorded phase is the one the catalog shows, every action is in the event log
 * once, and the loser exits 5 or 6 with one line, never an internal error.
 */
@ExtendWith(PgExtension.class)
class RacingProcessesNeverActOnAStalePhase {
    static TestDb db;

    @BeforeAll
    static void load(TestDb d) {
        db = d;
        db.loadSample(1000);
    }

    private record Run(int code, String out) {
    }

    private static List<Run> race(String[] a, String[] b) throws Exception {
        Path la = Files.createTempFile("race-a", ".log");
        Path lb = Files.createTempFile("race-b", ".log");
        try {
            Process pa = db.process(la, a);
            Process pb = db.process(lb, b);
            assertTrue(pa.waitFor(120, TimeUnit.SECONDS) && pb.waitFor(120, TimeUnit.SECONDS), "both ended");
            return List.of(new Run(pa.exitValue(), Files.readString(la)), new Run(pb.exitValue(), Files.readString(lb)));
        } finally {
            Files.deleteIfExists(la);
            Files.deleteIfExists(lb);
        }
    }

    private static void sane(List<Run> runs) {
        for (Run r : runs) {
            assertTrue(Set.of(0, 5, 6).contains(r.code()), r.toString());
            assertFalse(r.out().contains("internal error") || r.out().contains("\tat "), r.out());
        }
    }

    private static String phase() {
        return db.value("SELECT phase FROM uuidswap.migration WHERE parent_table = 'users'").toLowerCase();
    }

    private static String keyType() {
        return db.value("SELECT data_type FROM information_schema.columns WHERE table_schema = 'public'"
                + " AND table_name = 'users' AND column_name = 'id'");
    }

    @Test
    void prepareAgainstPrepareActsOnce() throws Exception {
        List<Run> runs = race(new String[] {"prepare", "--table", "users"}, new String[] {"prepare", "--table", "users"});
        sane(runs);
        assertEquals(1, runs.stream().filter(r -> r.code() == 0).count(), runs.toString());
        assertEquals(1, db.count("SELECT count(*) FROM uuidswap.migration"));
        assertEquals(1, db.count("SELECT count(*) FROM uuidswap.event WHERE step = 'prepare' AND detail LIKE 'shadows and change logs created%'"));
        assertEquals(0, db.cli("abort", "--table", "users").code());
    }

    @Test
    void swapAgainstSwapBackNeverActsOnAStalePhase() throws Exception {
        assertEquals(0, db.cli("run", "--table", "users", "--no-swap").code());
        int swaps = 0;
        for (int round = 0; round < 3; round++) {
            String before = phase();
            List<Run> runs = race(new String[] {"swap", "--table", "users"}, new String[] {"swap-back", "--table", "users"});
            sane(runs);
            boolean swapped = runs.get(0).code() == 0;
            boolean back = runs.get(1).code() == 0;
            String after = phase();
            assertEquals(after.equals("swapped") ? "uuid" : "character varying", keyType(), "phase " + after + " " + runs);
            if (before.equals("copied")) {
                // swap-back can only act after the swap did, never on the phase it read before.
                assertTrue(!back || swapped, runs.toString());
                assertEquals(swapped && !back ? "swapped" : "copied", after, runs.toString());
            }
            swaps += (swapped ? 1 : 0) + (back ? 1 : 0);
            assertEquals(swaps, db.count("SELECT count(*) FROM uuidswap.event WHERE step IN ('swap', 'swap-back')"
                    + " AND detail IN ('uuid tables are live; old tables mirrored', 'string tables are live again')"),
                    runs.toString());
            if (after.equals("swapped")) {
                assertEquals(0, db.cli("swap-back", "--table", "users").code());
                swaps++;
            }
            assertEquals(0, db.cli("verify", "--table", "users").code());
        }
        assertEquals(0, db.cli("abort", "--table", "users").code());
    }

    @Test
    void twoSwapsOrTwoSwapBacksActOnce() throws Exception {
        assertEquals(0, db.cli("run", "--table", "users", "--no-swap").code());
        String[] swap = {"swap", "--table", "users"};
        String[] back = {"swap-back", "--table", "users"};
        List<Run> swaps = race(swap, swap);
        sane(swaps);
        assertEquals(1, swaps.stream().filter(r -> r.code() == 0).count(), swaps.toString());
        assertEquals("swapped", phase());
        assertEquals("uuid", keyType());
        List<Run> backs = race(back, back);
        sane(backs);
        assertEquals(1, backs.stream().filter(r -> r.code() == 0).count(), backs.toString());
        assertEquals("copied", phase());
        assertEquals("character varying", keyType());
        assertEquals(2, db.count("SELECT count(*) FROM uuidswap.event WHERE step IN ('swap', 'swap-back')"
                + " AND detail IN ('uuid tables are live; old tables mirrored', 'string tables are live again')"));
        assertEquals(0, db.cli("abort", "--table", "users").code());
    }
}
