package dev.uuidswap.model;

/**
 * A primary-key column of a set table as the change log stores it: under a positional name
 * ({@code k1}, {@code k2}, …) so it can never collide with the log's own columns, with the live
 * column's type, and whether it becomes uuid.
 */
public record KeyColumn(Ident name, Ident log, CatalogSql type, boolean converted) {
    public static Ident logName(int position) {
        return Ident.of("k" + (position + 1));
    }
}
