package dev.uuidswap.model;

/** Table privileges as GRANT spells them; a whitelist, so only these keywords reach SQL. */
public enum Privilege {
    SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER;

    public static Privilege of(String catalogName) {
        return valueOf(catalogName.trim().toUpperCase());
    }
}
