package dev.uuidswap.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.catalog.Model.Index;
import dev.uuidswap.catalog.Model.TableInfo;
import dev.uuidswap.db.DdlStep;
import dev.uuidswap.model.Names;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.shadow.ShadowBuilder;
import dev.uuidswap.state.StateMapper;
import dev.uuidswap.support.SampleSet;
import dev.uuidswap.swap.SwapScript.Direction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.ibatis.session.Configuration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The statements of prepare, copy, swap and swap-back rendered from a hand-written set, no server:
 * every typed factory meets its mapper statement (a misspelled property fails here), names are
 * quoted, and the swap's statements come in the only order that works.
 */
@Tag("fast")
class SwapScriptRendersInTheOrderThatWorks {
    private static final Configuration CFG = SampleSet.configuration();
    private static final MigrationSet SET = SampleSet.set();
    private static final ShadowBuilder BUILDER = new ShadowBuilder(true, null);
    private static final Pattern UNFILLED = Pattern.compile("\\bnull\\b|\\$\\{|#\\{");

    private static List<String> render(List<DdlStep> steps) {
        List<String> out = new ArrayList<>();
        for (DdlStep s : steps) {
            String sql = s.render(CFG);
            assertFalse(UNFILLED.matcher(sql).find(), () -> s.statement() + " left a hole: " + sql);
            out.add(sql);
        }
        return out;
    }

    private static int first(List<String> sql, String fragment) {
        for (int i = 0; i < sql.size(); i++) {
            if (sql.get(i).contains(fragment)) {
                return i;
            }
        }
        throw new AssertionError("no statement contains " + fragment + " in\n" + String.join("\n", sql));
    }

    @Test
    void prepareCopyAndTeardownRenderForEveryTable() {
        for (SetTable t : SET.tables()) {
            List<String> sql = render(BUILDER.shadowTable(t));
            sql.addAll(render(BUILDER.captureLog(t, SET)));
            sql.addAll(render(BUILDER.captureTriggers(t)));
            sql.addAll(render(BUILDER.indexes(t, SET)));
            sql.addAll(render(ShadowBuilder.teardown(t.ref(), t.converted())));
            sql.addAll(render(ShadowBuilder.dropCaptureTriggers(t.ref())));
            assertTrue(sql.stream().anyMatch(x -> x.contains(ShadowBuilder.shadowOf(t.ref()).toString())), sql.toString());
        }
        String childIndexes = String.join("\n", render(BUILDER.indexes(SET.table(SampleSet.CHILD), SET)));
        assertTrue(childIndexes.contains("(\"parent_id\")") && !childIndexes.contains("pattern_ops"),
                "a text operator class becomes uuid's default: " + childIndexes);
    }

    @Test
    void forwardSwapLocksThenRenamesThenRepointsThenMirrors() {
        List<String> sql = render(SwapScript.previewForward(SET, BUILDER));
        int function = first(sql, "CREATE OR REPLACE FUNCTION");
        int barrier = first(sql, "LOCK TABLE");
        int lock = first(sql, "IN ACCESS EXCLUSIVE MODE");
        int dropView = first(sql, "DROP VIEW IF EXISTS \"Odd Schema\".\"parent_view\"");
        int dropInbound = first(sql, "DROP CONSTRAINT IF EXISTS \"outside_label_fkey\"");
        int outOld = first(sql, "ALTER TABLE \"Odd Schema\".\"Parent\" RENAME TO \"Parent_old\"");
        int inNew = first(sql, "ALTER TABLE \"Odd Schema\".\"Parent_new\" RENAME TO \"Parent\"");
        int ownFk = first(sql, "ADD CONSTRAINT \"c_parent_id_fkey\"");
        int inbound = first(sql, "ADD CONSTRAINT \"outside_label_fkey\"");
        int view = first(sql, "CREATE VIEW \"Odd Schema\".\"parent_view\"");
        int mirror = first(sql, "CREATE TRIGGER \"uuidswap_reverse\"");
        assertTrue(barrier < function && function < lock, "the reverse functions lock nothing: made before the exclusive locks");
        assertTrue(lock < dropView && dropView < dropInbound && dropInbound < outOld && outOld < inNew, String.join("\n", sql));
        assertTrue(inNew < ownFk && ownFk < inbound && inbound < view && view < mirror, String.join("\n", sql));
        assertTrue(sql.get(ownFk).endsWith("NOT VALID"), "validated after commit, not under the locks: " + sql.get(ownFk));
        assertTrue(sql.stream().anyMatch(x -> x.contains("GRANT MAINTAIN ON \"Odd Schema\".\"Parent\" TO  \"reporter\"")
                && x.contains("WITH GRANT OPTION")),
                String.join("\n", sql));
        List<String> locks = sql.stream().filter(x -> x.startsWith("LOCK TABLE")).toList();
        assertEquals(2, locks.size(), "the write barrier, then one exclusive lock statement in one order: " + locks);
        assertTrue(locks.get(0).endsWith("IN SHARE MODE") && !locks.get(0).contains("_new"), locks.get(0));
        assertTrue(locks.get(1).endsWith("IN ACCESS EXCLUSIVE MODE") && locks.get(1).contains("\"Parent_new\""), locks.get(1));
    }

    @Test
    void swapBackRestoresTheOldTablesOwnKeysAndCapture() {
        Map<TableRef, TableInfo> incoming = new HashMap<>();
        for (SetTable t : SET.tables()) {
            List<Index> ix = t.info().indexes().stream().map(x -> x.renamed(Names.old(x.name()),
                    x.constraintName() == null ? null : Names.old(x.constraintName()))).toList();
            incoming.put(t.ref(), t.info().as(SwapScript.incomingRef(Direction.BACK, t.ref()), ix, List.of(), List.of()));
        }
        List<String> sql = render(new SwapScript(Direction.BACK, SET, incoming, BUILDER).steps(List.of()));
        int dropReverse = first(sql, "DROP TRIGGER IF EXISTS \"uuidswap_reverse\" ");
        int outNew = first(sql, "ALTER TABLE \"Odd Schema\".\"Parent\" RENAME TO \"Parent_new\"");
        int inOld = first(sql, "ALTER TABLE \"Odd Schema\".\"Parent_old\" RENAME TO \"Parent\"");
        int capture = first(sql, "CREATE TRIGGER \"uuidswap_capture\" ");
        assertTrue(dropReverse < outNew && outNew < inOld && inOld < capture, String.join("\n", sql));
        assertTrue(sql.stream().noneMatch(x -> x.contains("CREATE OR REPLACE FUNCTION")), "no reverse functions on the way back");
    }

    @Test
    void statementsWithoutBindParametersGoInOneRoundTrip() {
        List<DdlStep> steps = SwapScript.previewForward(SET, BUILDER);
        assertEquals(1, DdlStep.Batch.of(CFG, steps).roundTrips());
        List<DdlStep> mixed = new ArrayList<>(steps.subList(0, 3));
        mixed.add(DdlStep.of(StateMapper.class, "event", Map.of("id", "m", "step", "s", "detail", "d")));
        mixed.addAll(steps.subList(3, steps.size()));
        assertEquals(3, DdlStep.Batch.of(CFG, mixed).roundTrips(), "a step with bind parameters runs on its own");
    }
}
