package dev.uuidswap.model;

/** One column of one table. */
public record ColumnRef(TableRef table, Ident column) {

    /** Parses {@code schema.table.column} as given to {@code --also}. */
    public static ColumnRef parse(String text) {
        int dot = lastUnquotedDot(text);
        if (dot < 0) {
            throw new IllegalArgumentException("not a column: " + text + " (expected schema.table.column)");
        }
        TableRef t = TableRef.parse(text.substring(0, dot));
        TableRef c = TableRef.parse("x." + text.substring(dot + 1));
        return new ColumnRef(t, c.table());
    }

    private static int lastUnquotedDot(String s) {
        boolean q = false;
        int last = -1;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"') {
                q = !q;
            } else if (ch == '.' && !q) {
                last = i;
            }
        }
        return last;
    }

    public String display() {
        return table.display() + "." + TableRef.displayPart(column.name());
    }
}
