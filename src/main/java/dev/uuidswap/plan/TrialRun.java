package dev.uuidswap.plan;

import dev.uuidswap.catalog.Finding;
import dev.uuidswap.catalog.MigrationSet;
import dev.uuidswap.catalog.MigrationSet.SetTable;
import dev.uuidswap.db.Database;
import dev.uuidswap.db.DdlStep;
import dev.uuidswap.db.Savepoints;
import dev.uuidswap.db.SessionMapper;
import dev.uuidswap.db.SqlStates;
import dev.uuidswap.model.Ident;
import dev.uuidswap.model.Names;
import dev.uuidswap.model.TableRef;
import dev.uuidswap.shadow.ShadowBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.ibatis.session.SqlSession;

/**
 * Runs prepare's and copy's DDL for real, on empty temporary tables, in a transaction that is
 * rolled back: whatever PostgreSQL refuses for uuid (a generated column or a check that reads a
 * converted column as text, an index expression or operator class with no uuid counterpart, an
 * exclusion constraint without a uuid operator) is found before anything is written, named by the
 * statement that fails. Temporary tables need no CREATE right on the schema, leave nothing behind,
 * and cannot collide with the real shadow names. Not on a read-only server.
 */
final class TrialRun {
    private final Database db;
    private final ShadowBuilder builder;

    TrialRun(Database db, ShadowBuilder builder) {
        this.db = db;
        this.builder = builder;
    }

    /**
     * Findings per table; {@code skip} are tables already blocked for a reason found without trying.
     * In the plan's own transaction, each table's statements rolled back before the next: that
     * transaction already holds the live tables' locks the statements need (LIKE reads the table),
     * where a second session could queue behind a DDL that itself waits for the plan.
     */
    List<Finding> run(SqlSession s, MigrationSet set, Set<TableRef> skip) {
        List<Finding> out = new ArrayList<>();
        int n = 0;
        for (SetTable t : set.tables()) {
            if (skip.contains(t.ref())) {
                continue;
            }
            TableRef trial = new TableRef(Ident.of("pg_temp"), Names.suffixed(Ident.of("uuidswap_trial_" + (++n)), ""));
            List<DdlStep> steps = new ArrayList<>(builder.shadowTable(t, trial));
            steps.addAll(builder.indexes(t, set, trial));
            Savepoints.undone(s, x -> {
                // Only catalog locks beyond what the plan holds (a sequence a default names): never wait long.
                x.getMapper(SessionMapper.class).lockTimeout(1_000);
                for (DdlStep step : steps) {
                    try {
                        step.run(x);
                    } catch (RuntimeException e) {
                        if (SqlStates.is(e, SqlStates.QUERY_CANCELED)) {
                            throw e; // the plan gives way to a session queued behind it: no finding
                        }
                        out.add(finding(t, step, e));
                        break;
                    }
                }
                return null;
            });
        }
        return out;
    }

    private Finding finding(SetTable t, DdlStep step, RuntimeException e) {
        String state = SqlStates.of(e);
        if (SqlStates.INSUFFICIENT_PRIVILEGE.equals(state) || SqlStates.LOCK_NOT_AVAILABLE.equals(state)) {
            return Finding.warning("ddl-not-tried", t.ref().display(), "prepare's statements could not be tried here ("
                    + SqlStates.firstLine(e) + "); they run for real at prepare");
        }
        String sql = db.render(step).lines().findFirst().orElse("");
        return Finding.blocker("ddl", t.ref().display(), "PostgreSQL refuses this for uuid: " + SqlStates.firstLine(e)
                + " (SQLSTATE " + state + ") in: " + sql.replace("pg_temp.", "").replaceAll("\"uuidswap_trial_\\d+\"", "<shadow>"));
    }
}
