package dev.uuidswap.db;

import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.UuidswapException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.function.Function;
import org.apache.ibatis.session.SqlSession;

/**
 * Work tried inside a transaction that must go on whatever the work does: the plan's trial DDL
 * and its copy-rate sample run in the plan's own transaction, which already holds the locks they
 * need, instead of on a second session that could queue behind a DDL waiting for the first.
 */
public final class Savepoints {
    private Savepoints() {
    }

    /** Runs {@code work} and rolls back to before it, whether it returned or threw (rethrown). */
    public static <T> T undone(SqlSession s, Function<SqlSession, T> work) {
        Connection c = s.getConnection();
        Savepoint sp;
        try {
            sp = c.setSavepoint();
        } catch (SQLException e) {
            throw new UuidswapException(ExitCode.INTERNAL, "savepoint: " + SqlStates.firstLine(e), e);
        }
        try {
            return work.apply(s);
        } finally {
            try {
                c.rollback(sp);
            } catch (SQLException e) {
                // The connection is gone: the caller's next statement fails with the reason.
            }
        }
    }
}
