package dev.uuidswap.db;

import java.sql.SQLException;

/** Decisions by SQLSTATE, never by message text (pgjdbc's PSQLState). */
public final class SqlStates {
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    public static final String QUERY_CANCELED = "57014";
    public static final String UNIQUE_VIOLATION = "23505";
    public static final String INVALID_TEXT_REPRESENTATION = "22P02";
    public static final String INSUFFICIENT_PRIVILEGE = "42501";
    public static final String INVALID_CATALOG_NAME = "3D000";
    public static final String DEADLOCK = "40P01";
    public static final String DEPENDENT_OBJECTS = "2BP01";
    public static final String DISK_FULL = "53100";
    public static final String READ_ONLY_TRANSACTION = "25006";

    private SqlStates() {
    }

    /** The first SQLSTATE found walking the cause chain, or null. */
    public static String of(Throwable t) {
        SQLException s = sqlException(t);
        return s == null ? null : s.getSQLState();
    }

    public static SQLException sqlException(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException s && s.getSQLState() != null) {
                return s;
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }

    public static boolean is(Throwable t, String state) {
        return state.equals(of(t));
    }

    /** The server's message, first line only (the rest is detail and context for a log). */
    public static String firstLine(Throwable t) {
        SQLException s = sqlException(t);
        String m = s != null ? s.getMessage() : t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse("").strip();
    }

    /** Connection-level trouble: the server is unreachable, refuses us, or the database is missing. */
    public static boolean isConnectionProblem(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("28") || state.equals(INVALID_CATALOG_NAME));
    }
}
