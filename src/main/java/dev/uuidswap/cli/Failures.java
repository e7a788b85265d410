package dev.uuidswap.cli;

import dev.uuidswap.db.SqlStates;
import dev.uuidswap.model.ExitCode;
import dev.uuidswap.model.UuidswapException;

/**
 * An error the server raised, as one line with the exit code the README documents: decided on
 * SQLSTATE, never on message text. What no rule names is an internal error.
 */
final class Failures {
    private Failures() {
    }

    /** {@code user} names the role in a privilege error (null when the connection did not say it). */
    static UuidswapException explain(RuntimeException e, String user) {
        String state = SqlStates.of(e);
        String line = SqlStates.firstLine(e);
        if (state == null) {
            return new UuidswapException(ExitCode.INTERNAL, "internal error: " + e, e);
        }
        if (SqlStates.isConnectionProblem(state)) {
            return new UuidswapException(ExitCode.USAGE, "lost the database connection (SQLSTATE " + state + ")", e);
        }
        return switch (state) {
            case SqlStates.INSUFFICIENT_PRIVILEGE -> new UuidswapException(ExitCode.PRIVILEGE, (user == null ? "the role" : "role " + user)
                    + " lacks a privilege this step needs: " + line
                    + " (SQLSTATE 42501): grant the role what the step needs or run it as the tables' owner", e);
            case SqlStates.DISK_FULL -> new UuidswapException(ExitCode.DISK_FULL, "the server ran out of disk space: " + line
                    + " (SQLSTATE 53100); uuidswap abort gives back what the shadows took", e);
            case SqlStates.DEPENDENT_OBJECTS -> new UuidswapException(ExitCode.BLOCKED, "an object of the database depends on"
                    + " one uuidswap drops: " + line + " (SQLSTATE 2BP01); drop or move that object, then run the command again", e);
            case SqlStates.READ_ONLY_TRANSACTION -> new UuidswapException(ExitCode.USAGE, "the server is read-only: " + line
                    + " (a standby, or default_transaction_read_only); run uuidswap against the primary", e);
            default -> new UuidswapException(ExitCode.INTERNAL, "internal error: SQLSTATE " + state + ": " + line, e);
        };
    }
}
