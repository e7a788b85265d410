package dev.uuidswap.model;

import java.util.ArrayList;
import java.util.List;

/** A schema-qualified table. {@link #toString()} is the quoted, qualified name for {@code ${}}. */
public record TableRef(Ident schema, Ident table) implements Comparable<TableRef> {

    public static TableRef of(String schema, String table) {
        return new TableRef(Ident.of(schema), Ident.of(table));
    }

    /**
     * Parses what a DBA types: {@code users}, {@code app.users}, {@code "My Schema"."Odd ""Name"""}.
     * Unquoted parts fold to lower case, as in SQL.
     */
    public static TableRef parse(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                wasQuoted = true;
            } else if (c == '.') {
                parts.add(wasQuoted ? cur.toString() : cur.toString().toLowerCase());
                cur.setLength(0);
                wasQuoted = false;
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote in table name: " + text);
        }
        parts.add(wasQuoted ? cur.toString() : cur.toString().toLowerCase());
        if (parts.size() > 2 || parts.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("not a table name: " + text + " (expected [schema.]table)");
        }
        return parts.size() == 1 ? of("public", parts.get(0)) : of(parts.get(0), parts.get(1));
    }

    public TableRef withTable(Ident name) {
        return new TableRef(schema, name);
    }

    /** Human form for reports and messages: schema.table without quotes unless needed. */
    public String display() {
        return displayPart(schema.name()) + "." + displayPart(table.name());
    }

    static String displayPart(String s) {
        return s.matches("[a-z_][a-z0-9_$]*") ? s : Ident.of(s).quoted();
    }

    @Override
    public String toString() {
        return schema.quoted() + "." + table.quoted();
    }

    @Override
    public int compareTo(TableRef o) {
        int c = schema.compareTo(o.schema);
        return c != 0 ? c : table.compareTo(o.table);
    }
}
