package dev.uuidswap.model;

import java.util.Objects;

/**
 * A PostgreSQL identifier that renders itself quoted. It is the only type that may reach a MyBatis
 * {@code ${}} placeholder: {@link #toString()} doubles embedded quotes and wraps the name in quotes,
 * as pgjdbc's {@code Utils.escapeIdentifier} does, so a name from the catalog can never close the
 * identifier and inject SQL.
 */
public final class Ident implements Comparable<Ident> {
    private final String name;

    private Ident(String name) {
        this.name = name;
    }

    /** A name as PostgreSQL stores it (case and all); rejects what no identifier can hold. */
    public static Ident of(String name) {
        Objects.requireNonNull(name, "identifier");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty identifier");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier contains NUL");
        }
        return new Ident(name);
    }

    /** The raw name, for binding as a value ({@code #{}}) in catalog queries. */
    public String name() {
        return name;
    }

    /** The quoted form, safe for {@code ${}}. */
    public String quoted() {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    @Override
    public String toString() {
        return quoted();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ident other && other.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public int compareTo(Ident o) {
        return name.compareTo(o.name);
    }
}
