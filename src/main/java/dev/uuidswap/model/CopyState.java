package dev.uuidswap.model;

import java.util.Locale;

/** How far the bulk copy of one table got. Stored by name in {@code uuidswap.set_table.copy_state}. */
public enum CopyState {
    /** Not started. */
    PENDING,
    /** Started: a crash here means the table restarts from empty (its snapshot is gone). */
    COPYING,
    /** Every row of the snapshot is in the shadow. */
    COPIED,
    /** Indexes and keys built, shadow analyzed. */
    INDEXED;

    /** As the state table stores it. */
    public String stored() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CopyState ofStored(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
