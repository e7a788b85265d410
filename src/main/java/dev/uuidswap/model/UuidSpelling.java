package dev.uuidswap.model;

/** The canonical spelling of a UUID string PostgreSQL accepts: lower case, hyphenated 8-4-4-4-12, no braces. */
public final class UuidSpelling {
    private UuidSpelling() {
    }

    /**
     * The canonical form of a valid spelling (braces, upper case, hyphens after any group of four).
     * One pass over the characters: the data checks call it for every other spelling of a key,
     * 100,000 times and more.
     */
    public static String canonical(String spelling) {
        char[] out = new char[36];
        int n = 0;
        for (int i = 0; i < spelling.length(); i++) {
            char c = spelling.charAt(i);
            if (c == '{' || c == '}' || c == '-') {
                continue;
            }
            if (n == 32) {
                throw new IllegalArgumentException("not a UUID: " + spelling);
            }
            int at = n + (n >= 8 ? 1 : 0) + (n >= 12 ? 1 : 0) + (n >= 16 ? 1 : 0) + (n >= 20 ? 1 : 0);
            out[at] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
            n++;
        }
        if (n != 32) {
            throw new IllegalArgumentException("not a UUID: " + spelling);
        }
        out[8] = '-';
        out[13] = '-';
        out[18] = '-';
        out[23] = '-';
        return new String(out);
    }
}
