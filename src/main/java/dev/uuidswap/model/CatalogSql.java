package dev.uuidswap.model;

/**
 * SQL text that PostgreSQL's own deparser produced from the catalog (pg_get_expr,
 * pg_get_constraintdef, pg_get_viewdef, pg_get_triggerdef, the tail of pg_get_indexdef). It is
 * replayed verbatim: the server quoted every name in it, and nothing a user typed into uuidswap
 * can reach it.
 */
public record CatalogSql(String text) {
    public CatalogSql {
        if (text == null || text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("catalog SQL is null or contains NUL");
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
