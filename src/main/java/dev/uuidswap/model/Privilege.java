package dev.uuidswap.model;

/**
 * Table privileges as GRANT spells them; a whitelist, so only these keywords reach SQL. MAINTAIN
 * (VACUUM, ANALYZE, REINDEX, REFRESH, CLUSTER, LOCK) exists from PostgreSQL 17 on; the catalog only
 * ever names it there.
 */
public enum Privilege {
    SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER, MAINTAIN;

    public static Privilege of(String catalogName) {
        return valueOf(catalogName.trim().toUpperCase());
    }
}
