package dev.uuidswap.model;

/**
 * A string constant for the few utility statements that take no bind parameters
 * ({@code COMMENT ON … IS}, {@code SET TRANSACTION SNAPSHOT}). Rendered as a standard-conforming
 * literal (quotes doubled, NUL rejected); the executor refuses to run with
 * {@code standard_conforming_strings} off, so a backslash cannot escape it.
 */
public record Literal(String value) {
    public Literal {
        if (value == null || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("literal is null or contains NUL");
        }
    }

    @Override
    public String toString() {
        return "'" + value.replace("'", "''") + "'";
    }
}
