package dev.uuidswap.db;

import dev.uuidswap.config.Masking;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.UuidswapException;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Connection failures as one line for the DBA: what failed, never the password. */
final class Connections {
    private static final Pattern USER_IN_URL = Pattern.compile("[?&]user=([^&]*)");

    private Connections() {
    }

    static UuidswapException error(String url, String user, Throwable e) {
        String shown = Masking.mask(url);
        SQLException sql = SqlStates.sqlException(e);
        String state = sql == null ? null : sql.getSQLState();
        String why;
        if (state != null && state.startsWith("28")) {
            why = "authentication failed for user " + who(url, user) + " (SQLSTATE " + state + ")";
        } else if (SqlStates.INVALID_CATALOG_NAME.equals(state)) {
            why = "the database does not exist";
        } else if (state != null && state.startsWith("08")) {
            why = "the server does not answer (" + state + ")";
        } else {
            why = sql != null ? SqlStates.firstLine(sql) : e.getClass().getSimpleName();
        }
        return new UuidswapException(ExitCode.USAGE, "cannot connect to " + shown + ": " + Masking.mask(why), e);
    }

    /** The user the driver logged in as: the one given, else the URL's, else the driver's default. */
    static String who(String url, String user) {
        if (user != null) {
            return user;
        }
        Matcher m = USER_IN_URL.matcher(url);
        return m.find() ? m.group(1) : System.getProperty("user.name");
    }
}
