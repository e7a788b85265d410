package dev.uuidswap.swap;

import dev.uuidswap.db.Database;
import dev.uuidswap.db.SessionMapper;
import dev.uuidswap.db.SqlStates;
import dev.uuidswap.state.MigrationState.PendingValidation;
import dev.uuidswap.state.StateMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates the foreign keys a swap added NOT VALID. Each swap records them in its own
 * transaction; each VALIDATE (SHARE UPDATE EXCLUSIVE: the application keeps writing, pg-osc #119)
 * then runs and is struck off in one transaction, so a process killed half-way leaves exactly the
 * rest pending, for status to show and status --repair or finalize to finish.
 */
public final class Validator {
    private final Database db;
    private final Duration lockTimeout;

    /**
     * {@code lockTimeout}: how long a VALIDATE may wait for its lock (a long transaction on the
     * table); past it the key stays pending, named, and nothing waits behind it.
     */
    public Validator(Database db, Duration lockTimeout) {
        this.db = db;
        this.lockTimeout = lockTimeout;
    }

    /** What was validated and what could not be, with the reason. */
    public record Outcome(List<String> validated, List<String> problems) {
    }

    public Outcome complete(String migration, List<PendingValidation> pending) {
        List<String> ok = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (PendingValidation p : pending) {
            try {
                db.inTransaction(s -> {
                    s.getMapper(SessionMapper.class).lockTimeout(lockTimeout.toMillis());
                    SwapDdl.validateConstraint(p.table(), p.constraint()).run(s);
                    s.getMapper(StateMapper.class).validated(migration, p.table().schema().name(), p.table().table().name(),
                            p.constraint().name());
                    return null;
                });
                ok.add(p.display());
            } catch (RuntimeException e) {
                problems.add(p.display() + ": " + SqlStates.firstLine(e) + " (SQLSTATE " + SqlStates.of(e) + ")");
            }
        }
        return new Outcome(ok, problems);
    }
}
