package dev.uuidswap.model;

import java.util.Locale;

/** The canonical spelling of a UUID string PostgreSQL accepts: lower case, hyphenated 8-4-4-4-12, no braces. */
public final class UuidSpelling {
    private UuidSpelling() {
    }

    /** The canonical form of a valid spelling (braces, upper case, hyphens after any group of four). */
    public static String canonical(String spelling) {
        String hex = spelling.replace("{", "").replace("}", "").replace("-", "").toLowerCase(Locale.ROOT);
        if (hex.length() != 32) {
            throw new IllegalArgumentException("not a UUID: " + spelling);
        }
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }
}
